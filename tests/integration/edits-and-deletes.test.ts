/**
 * Edits, deletes and posts that come back, through the whole local stack (template.yaml, the
 * real functions and state machine, DynamoDB Local): a delete takes its post out of counts and
 * feeds; an edit replaces the earlier version; a post whose stored item is removed (as TTL does
 * after RetentionDays) leaves a tombstone, and is not counted again when it is delivered again.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { LocalStack } from '../../local/stack';
import { api, pollUntil, putRecords, startTestStack, stats, waitForPosts } from './support/stack';

jest.setTimeout(180_000);

const run = String(Date.now() % 1_000_000_000).padStart(9, '0');
// Snowflake-sized ids of this run: 19 digits, increasing (an edit's id is newer).
const xId = (n: number): string => `18600000${run}${String(n).padStart(2, '0')}`;
const now = new Date().toISOString();

const xPost = (n: number, tag: string, history?: string[]) => ({
  partitionKey: xId(n),
  data: {
    data: {
      id: xId(n),
      text: `post ${n} of run ${run} #${tag}${run}`,
      created_at: now,
      author_id: '42',
      ...(history ? { edit_history_tweet_ids: history } : {}),
    },
  },
});
const xDelete = (n: number) => ({
  partitionKey: xId(n),
  data: { delete: { status: { id: 1, id_str: xId(n), user_id: 42, user_id_str: '42' } } },
});
const did = 'did:plc:editsanddeletes0000000000';
const bskyPost = (rkey: string, tag: string) => ({
  partitionKey: rkey,
  data: {
    did,
    time_us: Date.now() * 1000,
    kind: 'commit',
    commit: {
      rev: '3lbhrm2wyjk2c',
      operation: 'create',
      collection: 'app.bsky.feed.post',
      rkey,
      record: { $type: 'app.bsky.feed.post', createdAt: now, text: `bsky #${tag}${run}` },
    },
  },
});
const bskyDelete = (rkey: string) => ({
  partitionKey: rkey,
  data: {
    did,
    time_us: Date.now() * 1000,
    kind: 'commit',
    commit: { rev: '3lbhrm3wyjk2c', operation: 'delete', collection: 'app.bsky.feed.post', rkey },
  },
});

let stack: LocalStack;
let doc: DynamoDBDocumentClient;
let postsTable: string;
const mentions = async (tag: string): Promise<number> => {
  const { items } = await api<{ items: { tag: string; mentions: number }[] }>(
    stack,
    '/hashtags?window=all&limit=100',
  );
  return items.find((h) => h.tag === `${tag}${run}`)?.mentions ?? 0;
};
const feed = async (): Promise<string[]> =>
  (await api<{ items: { id: string }[] }>(stack, '/posts?limit=100')).items.map((p) => p.id);

beforeAll(async () => {
  stack = await startTestStack();
  doc = DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint: stack.endpoints.dynamodb, region: 'us-east-1' }),
  );
  postsTable = stack.resources.tables.PostsTable!.name;
  await putRecords(stack, [
    xPost(1, 'deleted'),
    xPost(2, 'original', [xId(2)]),
    xPost(3, 'expired'),
    bskyPost(`3lbh${run}a`, 'bskydeleted'),
    xPost(4, 'kept'),
  ]);
  await waitForPosts(stack, 5);
});

afterAll(async () => {
  doc?.destroy();
  await stack?.stop();
});

describe('edits and deletes on the local stack', () => {
  it('a delete takes its post out of counts and feeds; an edit replaces the earlier version', async () => {
    await putRecords(stack, [
      xDelete(1),
      bskyDelete(`3lbh${run}a`),
      xPost(5, 'edited', [xId(2), xId(5)]),
    ]);
    const settled = await pollUntil(
      async () => ({ posts: (await stats(stack)).posts, edited: await mentions('edited') }),
      (s) => s.posts === 3 && s.edited === 1,
    );
    expect(settled).toEqual({ posts: 3, edited: 1 });
    expect(await mentions('deleted')).toBe(0);
    expect(await mentions('bskydeleted')).toBe(0);
    expect(await mentions('original')).toBe(0);
    const ids = await feed();
    expect(ids).toEqual(expect.arrayContaining([`x:${xId(3)}`, `x:${xId(4)}`, `x:${xId(5)}`]));
    expect(ids).not.toContain(`x:${xId(1)}`);
    expect(ids).not.toContain(`x:${xId(2)}`);
  });

  it('a post whose item is removed leaves a tombstone and is not counted again', async () => {
    await doc.send(new DeleteCommand({ TableName: postsTable, Key: { id: `x:${xId(3)}` } }));
    const tombstone = await pollUntil(
      async () =>
        (await doc.send(new GetCommand({ TableName: postsTable, Key: { id: `x:${xId(3)}` } })))
          .Item,
      (item) => item?.tombstone === true,
      30_000,
    );
    expect(tombstone).toMatchObject({ tombstone: true, expiresAt: expect.any(Number) });
  });

  it('posts delivered again later (deleted, replaced, expired, counted) are counted once', async () => {
    const before = await stats(stack);
    await putRecords(stack, [
      xPost(1, 'deleted'),
      xPost(2, 'original', [xId(2)]),
      xPost(3, 'expired'),
      bskyPost(`3lbh${run}a`, 'bskydeleted'),
      xPost(4, 'kept'),
      xPost(5, 'edited', [xId(2), xId(5)]),
    ]);
    // Nothing to wait for but quiet: give the pipeline time to (not) count them.
    await new Promise((r) => setTimeout(r, 8_000));
    expect((await stats(stack)).posts).toBe(before.posts);
    expect(await mentions('deleted')).toBe(0);
    expect(await mentions('original')).toBe(0);
    expect(await mentions('expired')).toBe(1);
    expect(await mentions('kept')).toBe(1);
    expect(await mentions('edited')).toBe(1);
  });
});
