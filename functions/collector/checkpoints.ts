import {
  GetCommand,
  QueryCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';

/**
 * Where each scheduled run resumes: the Jetstream cursor (time_us), the X `since_id` and, per
 * Reddit feed, the fullname of the newest thing sent, as items under pk `CHECKPOINT` in the
 * TracksTable. Writes only move a checkpoint forward, so an overlapping or late run can never
 * rewind another's progress.
 */
export interface Checkpoints {
  blueskyCursor(): Promise<number | undefined>;
  saveBlueskyCursor(timeUs: number): Promise<void>;
  xSinceId(): Promise<string | undefined>;
  saveXSinceId(id: string): Promise<void>;
  /** Feed key (`r/aws/new`, `search:...`) -> fullname of the newest thing sent. */
  redditCursors(): Promise<Record<string, string>>;
  saveRedditCursor(feed: string, fullname: string): Promise<void>;
}

export const CHECKPOINT_PK = 'CHECKPOINT';
const BLUESKY = { pk: CHECKPOINT_PK, sk: 'bluesky' };
const X = { pk: CHECKPOINT_PK, sk: 'x' };
/** One item per Reddit feed: `reddit#r/aws/new`. */
const REDDIT_PREFIX = 'reddit#';
const FULLNAME_RE = /^t[13]_([0-9a-z]{1,13})$/;

/** X ids are decimal strings of up to 20 digits; padded, they compare correctly as strings. */
const sortableId = (id: string): string => id.padStart(20, '0');
/** Reddit ids are base-36 counters of up to 13 digits: padded, they compare as strings too. */
const sortableRedditId = (fullname: string): string =>
  (FULLNAME_RE.exec(fullname)?.[1] ?? '').padStart(13, '0');

export function dynamoCheckpoints(db: DynamoDBDocumentClient, table: string): Checkpoints {
  const get = async (key: { pk: string; sk: string }) =>
    (await db.send(new GetCommand({ TableName: table, Key: key, ConsistentRead: true }))).Item;

  async function advance(
    key: { pk: string; sk: string },
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
    async redditCursors() {
      const cursors: Record<string, string> = {};
      let start: Record<string, unknown> | undefined;
      do {
        const page = await db.send(
          new QueryCommand({
            TableName: table,
            KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
            ExpressionAttributeValues: { ':pk': CHECKPOINT_PK, ':prefix': REDDIT_PREFIX },
            ConsistentRead: true,
            ...(start ? { ExclusiveStartKey: start } : {}),
          }),
        );
        for (const item of page.Items ?? []) {
          const { sk, fullname } = item as { sk?: unknown; fullname?: unknown };
          if (typeof sk === 'string' && typeof fullname === 'string' && FULLNAME_RE.test(fullname))
            cursors[sk.slice(REDDIT_PREFIX.length)] = fullname;
        }
        start = page.LastEvaluatedKey;
      } while (start);
      return cursors;
    },
    saveRedditCursor: (feed, fullname) =>
      advance({ pk: CHECKPOINT_PK, sk: `${REDDIT_PREFIX}${feed}` }, sortableRedditId(fullname), {
        fullname,
        position: sortableRedditId(fullname),
      }),
  };
}
