import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * Where each scheduled run resumes: the Jetstream cursor (time_us) and the X `since_id`, as
 * items under pk `CHECKPOINT` in the TracksTable. Writes only move a checkpoint forward, so an
 * overlapping or late run can never rewind another's progress.
 */
export interface Checkpoints {
  blueskyCursor(): Promise<number | undefined>;
  saveBlueskyCursor(timeUs: number): Promise<void>;
  xSinceId(): Promise<string | undefined>;
  saveXSinceId(id: string): Promise<void>;
}

export const CHECKPOINT_PK = 'CHECKPOINT';
const BLUESKY = { pk: CHECKPOINT_PK, sk: 'bluesky' };
const X = { pk: CHECKPOINT_PK, sk: 'x' };

/** X ids are decimal strings of up to 20 digits; padded, they compare correctly as strings. */
const sortableId = (id: string): string => id.padStart(20, '0');

export function dynamoCheckpoints(db: DynamoDBDocumentClient, table: string): Checkpoints {
  const get = async (key: typeof BLUESKY) =>
    (await db.send(new GetCommand({ TableName: table, Key: key, ConsistentRead: true }))).Item;

  async function advance(
    key: typeof BLUESKY,
    position: string | number,
    values: Record<string, unknown>,
  ): Promise<void> {
    const names = Object.keys(values);
    try {
      await db.send(
        new UpdateCommand({
          TableName: table,
          Key: key,
          UpdateExpression: `SET ${names.map((n) => `#${n} = :${n}`).join(', ')}, #updatedAt = :updatedAt`,
          ConditionExpression: 'attribute_not_exists(#position) OR #position < :position',
          ExpressionAttributeNames: {
            ...Object.fromEntries(names.map((n) => [`#${n}`, n])),
            '#updatedAt': 'updatedAt',
            '#position': 'position',
          },
          ExpressionAttributeValues: {
            ...Object.fromEntries(names.map((n) => [`:${n}`, values[n]])),
            ':updatedAt': new Date().toISOString(),
            ':position': position,
          },
        }),
      );
    } catch (err) {
      // Another run is already further along: keep its checkpoint.
      if ((err as Error).name !== 'ConditionalCheckFailedException') throw err;
    }
  }

  return {
    async blueskyCursor() {
      const cursor = (await get(BLUESKY))?.cursor;
      return typeof cursor === 'number' ? cursor : undefined;
    },
    saveBlueskyCursor: (timeUs) => advance(BLUESKY, timeUs, { cursor: timeUs, position: timeUs }),
    async xSinceId() {
      const id = (await get(X))?.sinceId;
      return typeof id === 'string' ? id : undefined;
    },
    saveXSinceId: (id) => advance(X, sortableId(id), { sinceId: id, position: sortableId(id) }),
  };
}
