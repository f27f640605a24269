import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  paginateQuery,
} from '@aws-sdk/lib-dynamodb';
import { MAX_TRACKED_TERMS, type TermKind, type TrackedTerm } from '../social/tracking/terms';
import { dynamo } from '../shared/aws/dynamodb';

/**
 * The TracksTable: tracked terms (pk `TRACK`, sk = the term's key) and, under pk `CHECKPOINT`,
 * the collector's source checkpoints. One partition for all terms makes the list one Query;
 * the table stays tiny (at most MAX_TRACKED_TERMS terms), so that partition never runs hot.
 */

export const TRACK_PK = 'TRACK';

/** A tracked term as the API returns it. */
export interface Track {
  /** As first written, e.g. `#AWS`. */
  term: string;
  /** Canonical form and id, e.g. `#aws`; DELETE /tracks/{key}. */
  key: string;
  kind: TermKind;
  createdAt: string;
}

export class TooManyTracksError extends Error {
  override readonly name = 'TooManyTracksError';
}

const toTrack = (item: Record<string, unknown>): Track => ({
  term: String(item.display),
  key: String(item.key),
  kind: item.kind as TermKind,
  createdAt: String(item.createdAt),
});

/** Every tracked term, in key order. Strongly consistent: a term just added is listed. */
export async function listTracks(table: string, db = dynamo): Promise<Track[]> {
  const out: Track[] = [];
  const pages = paginateQuery(
    { client: db },
    {
      TableName: table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': TRACK_PK },
      ConsistentRead: true,
    },
  );
  for await (const page of pages) out.push(...(page.Items ?? []).map(toTrack));
  return out;
}

async function getTrack(table: string, key: string, db: DynamoDBDocumentClient) {
  const res = await db.send(
    new GetCommand({ TableName: table, Key: { pk: TRACK_PK, sk: key }, ConsistentRead: true }),
  );
  return res.Item ? toTrack(res.Item) : undefined;
}

async function countTracks(table: string, db: DynamoDBDocumentClient): Promise<number> {
  const res = await db.send(
    new QueryCommand({
      TableName: table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': TRACK_PK },
      Select: 'COUNT',
      ConsistentRead: true,
    }),
  );
  return res.Count ?? 0;
}

/**
 * Tracks a term; idempotent: an already tracked term is returned as it is (`created: false`).
 * The limit is checked before the write, so two concurrent adds may pass it by one.
 */
export async function addTrack(
  table: string,
  term: TrackedTerm,
  now: Date = new Date(),
  db = dynamo,
): Promise<{ track: Track; created: boolean }> {
  const existing = await getTrack(table, term.key, db);
  if (existing) return { track: existing, created: false };
  if ((await countTracks(table, db)) >= MAX_TRACKED_TERMS) {
    throw new TooManyTracksError(
      `at most ${MAX_TRACKED_TERMS} terms can be tracked; stop tracking one first`,
    );
  }
  const item = {
    pk: TRACK_PK,
    sk: term.key,
    key: term.key,
    kind: term.kind,
    display: term.display,
    createdAt: now.toISOString(),
  };
  try {
    await db.send(
      new PutCommand({
        TableName: table,
        Item: item,
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return { track: toTrack(item), created: true };
  } catch (err) {
    if ((err as Error).name !== 'ConditionalCheckFailedException') throw err;
    // Added by a concurrent request since the read above.
    const raced = await getTrack(table, term.key, db);
    return { track: raced ?? toTrack(item), created: false };
  }
}

/** Stops tracking a term; false when it was not tracked. */
export async function removeTrack(table: string, key: string, db = dynamo): Promise<boolean> {
  const res = await db.send(
    new DeleteCommand({
      TableName: table,
      Key: { pk: TRACK_PK, sk: key },
      ReturnValues: 'ALL_OLD',
    }),
  );
  return res.Attributes !== undefined;
}
