import { TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { handler } from '../../../functions/enrich/persist';
import { RETRY } from '../../../functions/shared/retry';
import type { PersistInput } from '../../../functions/domain/workflow';
import { MAX_ITEM_BYTES } from './support/fake-dynamo';
import { fakePersistTables, POSTS, sample, STATS } from './support/persist-tables';
import { positiveInput } from './support/positive-input';

const tables = fakePersistTables();
const { stat, totals } = tables;

/** A post with its own hashtags, English, sent for sentiment and answered POSITIVE. */
function syntheticInput(count: number, tagsPerPost: number): PersistInput {
  const posts = Array.from({ length: count }, (_, i) => ({
    id: `demo:${i}`,
    source: 'demo' as const,
    createdAt: `2026-11-22T14:${String(i % 60).padStart(2, '0')}:00.000Z`,
    lang: 'en',
    author: { id: `a${i}` },
    hashtags: Array.from({ length: tagsPerPost }, (_, t) => ({
      key: `tag${i}x${t}`,
      display: `Tag${i}x${t}`,
    })),
    cashtags: [],
  }));
  return positiveInput(posts);
}

describe('Persist', () => {
  it('keeps lastPostAt the newest createdAt when older posts are counted after newer ones', async () => {
    const newer = syntheticInput(3, 1);
    const older = syntheticInput(3, 1);
    newer.posts.forEach((p) => (p.createdAt = p.createdAt.replace('2026-11-22', '2026-11-23')));
    older.posts.forEach((p, i) => (p.id = `demo:older-${i}`));
    older.sentimentBatches[0]!.ids = older.posts.map((p) => p.id);
    await handler(newer);
    await handler(older);
    expect(totals()).toMatchObject({ posts: 6, lastPostAt: '2026-11-23T14:02:00.000Z' });
  });

  it('stores sentiment, feeds and counters for the sample batch', async () => {
    const out = await handler(sample);

    expect(out.results).toHaveLength(5);
    expect(out.results.every((r) => r.ok && r.status === 'COUNTED')).toBe(true);
    expect(totals()).toMatchObject({
      posts: 5,
      positive: 0,
      negative: 1,
      neutral: 1,
      mixed: 1,
      unsupported: 2,
      failed: 0,
      lastPostAt: '2026-11-22T14:10:05.000Z',
    });
    expect(stat('TAG#aws', 'ALL')).toMatchObject({
      mentions: 4,
      neutral: 1,
      mixed: 1,
      scope: 'TAGS#ALL',
      tag: 'aws',
      display: 'AWS',
    });
    expect(stat('TAG#aws', 'F#2026-11-22T14:05')).toMatchObject({
      mentions: 4,
      scope: 'TAGS#F#2026-11-22T14:05',
      bucket: '2026-11-22T14:05',
    });
    const minute = stat('TAG#aws', 'M#2026-11-22T14:07');
    expect(minute).toMatchObject({ mentions: 1 });
    expect(minute?.scope).toBeUndefined();
    expect(stat('TAG#_all', 'H#2026-11-22T14')).toMatchObject({ mentions: 5 });
    expect(stat('TAG#_all', 'ALL')?.scope).toBeUndefined();
    expect(stat('LOC#x:206b4a3ee0da2f49', 'D#2026-11-22')).toMatchObject({
      name: 'Madrid',
      countryCode: 'ES',
      lat: 40.477682,
      mentions: 1,
      scope: 'LOCS#D#2026-11-22',
    });

    const post = tables.db.get(POSTS, { id: 'x:1861500000000000005' });
    expect(post).toMatchObject({ sentiment: 'MIXED', enrichStatus: 'OK', lang: 'en' });
    expect(typeof post?.countedAt).toBe('string');
    expect(tables.db.get(POSTS, { id: 'x:1861500000000000004' })).toMatchObject({
      enrichStatus: 'UNSUPPORTED_LANGUAGE',
      lang: 'ja',
    });

    const feed = tables.db.items(STATS).filter((i) => String(i.pk).startsWith('FEED#'));
    expect(feed.filter((i) => i.pk === 'FEED#_all')).toHaveLength(5);
    expect(feed.filter((i) => i.pk === 'FEED#$amzn')).toHaveLength(1);
    expect(feed.find((i) => i.pk === 'FEED#dynamodb')).toMatchObject({
      sentiment: 'MIXED',
      placeName: 'Manhattan, NY',
      hashtags: ['DynamoDB', 'aws'],
    });
  });

  it('counts nothing twice when the same batch is persisted again', async () => {
    await handler(sample);
    const before = structuredClone(tables.db.items(STATS));
    const posts = structuredClone(tables.db.items(POSTS));
    const sent = tables.db.transactions.length;

    const again = await handler(sample);

    expect(again.results.every((r) => r.ok && r.status === 'ALREADY_COUNTED')).toBe(true);
    const counters = (items: typeof before) =>
      items.filter((i) => !String(i.pk).startsWith('FEED#'));
    expect(counters(tables.db.items(STATS))).toEqual(counters(before));
    // The second attempt's puts were refused by their condition: the items are the first's.
    expect(tables.db.items(POSTS)).toEqual(posts);
    expect(tables.db.transactions[sent]!.filter((i) => i.Put?.TableName === POSTS)).toHaveLength(5);
  });

  it("puts each post's whole item, enriched, in the transaction that counts it, if its id has none", async () => {
    process.env.RETENTION_DAYS = '7';
    const input = structuredClone(sample);
    Object.assign(input.posts[0]!, { isReply: true, ingestedBy: 'shardId-000000000000:4961' });
    for (const p of input.posts) p.feedKeys = ['_all'];
    const before = Math.floor(Date.now() / 1000);

    const out = await handler(input).finally(() => delete process.env.RETENTION_DAYS);

    expect(out.results.every((r) => r.status === 'COUNTED')).toBe(true);
    // One marker transaction: a conditional Put per post and the pending delta; no post updated.
    const [markers] = tables.db.transactions;
    const puts = markers!.filter((i) => i.Put?.TableName === POSTS).map((i) => i.Put!);
    expect(puts.map((p) => p.Item?.id)).toEqual(sample.posts.map((p) => p.id));
    for (const put of puts) expect(put.ConditionExpression).toBe('attribute_not_exists(id)');
    expect(tables.db.transactions.flat().filter((i) => i.Update?.TableName === POSTS)).toEqual([]);
    const updates = tables.db.mock.commandCalls(UpdateCommand);
    expect(updates.filter((c) => c.args[0].input.TableName === POSTS)).toEqual([]);

    const item = tables.db.get(POSTS, { id: 'x:1861500000000000001' })!;
    const { feedKeys: _feeds, ...post } = input.posts[0]!;
    expect(item).toEqual({
      ...post,
      text: 'Loving the new #AWS Lambda features, deploys are so fast now! #Serverless',
      isRetweet: false,
      isReply: true,
      ingestedBy: 'shardId-000000000000:4961',
      enrichStatus: 'OK',
      sentiment: 'NEUTRAL',
      sentimentScore: expect.objectContaining({ Neutral: 0.513417119032592 }),
      ingestedAt: expect.any(String),
      expiresAt: expect.any(Number),
      countedAt: item.ingestedAt,
    });
    const ingested = Date.parse(item.ingestedAt as string) / 1000;
    expect(ingested).toBeGreaterThanOrEqual(before);
    expect(item.expiresAt).toBe(Math.floor(ingested) + 7 * 86_400);
    // Defaults for what a hand-made post leaves out; a post without ingestedBy stores none.
    const other = tables.db.get(POSTS, { id: 'x:1861500000000000004' })!;
    expect(other).toMatchObject({ isRetweet: false, isReply: false, lang: 'ja' });
    expect(other).not.toHaveProperty('ingestedBy');
    expect(other).not.toHaveProperty('feedKeys');
  });

  it('keeps its 30 days by default when RETENTION_DAYS is not set', async () => {
    delete process.env.RETENTION_DAYS;
    await handler(sample);
    const item = tables.db.get(POSTS, { id: 'x:1861500000000000005' })!;
    const ingested = Math.floor(Date.parse(item.ingestedAt as string) / 1000);
    expect(item.expiresAt).toBe(ingested + 30 * 86_400);
  });

  it('counts no post whose id has an item already: counted, or a tombstone a delete left', async () => {
    const counted = {
      id: 'x:1861500000000000001',
      source: 'x',
      text: 'another copy',
      sentiment: 'NEGATIVE',
      ingestedBy: 'shardId-000000000000:1',
      countedAt: '2026-11-22T14:07:40.000Z',
    };
    const tombstone = {
      id: 'x:1861500000000000005',
      tombstone: true,
      deletedAt: '2026-11-22T14:07:50.000Z',
    };
    tables.db.put(POSTS, counted);
    tables.db.put(POSTS, tombstone);

    const out = await handler(sample);

    const status = Object.fromEntries(out.results.map((r) => [r.id, r.status]));
    expect(status).toEqual({
      'x:1861500000000000001': 'ALREADY_COUNTED',
      'x:1861500000000000002': 'COUNTED',
      'bsky:at://did:plc:abc123/app.bsky.feed.post/3lbq2x7k2c22a': 'COUNTED',
      'x:1861500000000000004': 'COUNTED',
      'x:1861500000000000005': 'RETRACTED',
    });
    // Neither item is overwritten, and neither post is counted.
    expect(tables.db.get(POSTS, { id: counted.id })).toEqual(counted);
    expect(tables.db.get(POSTS, { id: tombstone.id })).toEqual(tombstone);
    expect(totals()).toMatchObject({ posts: 3, neutral: 0, mixed: 0, negative: 1 });
    expect(stat('TAG#dynamodb', 'ALL')).toBeUndefined();
    // The deleted post's feed items, written while it was counted, are taken out again.
    const feed = tables.db.items(STATS).filter((i) => String(i.pk).startsWith('FEED#'));
    expect(feed.filter((i) => i.id === tombstone.id)).toEqual([]);
    expect(feed.filter((i) => i.id === counted.id).length).toBeGreaterThan(0);
  });

  it('drops posts an earlier attempt counted and recomputes the deltas of the rest', async () => {
    tables.db.put(POSTS, { id: 'x:1861500000000000001', countedAt: '2026-11-22T14:07:40.000Z' });
    tables.db.put(POSTS, { id: 'x:1861500000000000005', countedAt: '2026-11-22T14:07:40.000Z' });

    const out = await handler(sample);

    const status = Object.fromEntries(out.results.map((r) => [r.id, r.status]));
    expect(status['x:1861500000000000001']).toBe('ALREADY_COUNTED');
    expect(status['x:1861500000000000005']).toBe('ALREADY_COUNTED');
    expect(out.results.every((r) => r.ok)).toBe(true);
    expect(out.results.filter((r) => r.status === 'COUNTED')).toHaveLength(3);
    // The items counted before are left as they were.
    expect(tables.db.get(POSTS, { id: 'x:1861500000000000001' })).toEqual({
      id: 'x:1861500000000000001',
      countedAt: '2026-11-22T14:07:40.000Z',
    });
    // Posts 2 and 4 carry #aws; 1 and 5 were counted before and are not added again.
    expect(stat('TAG#aws', 'ALL')).toMatchObject({ mentions: 2, neutral: 0, mixed: 0 });
    expect(stat('TAG#dynamodb', 'ALL')).toBeUndefined();
    expect(totals()).toMatchObject({ posts: 3, negative: 1, unsupported: 2 });
    // The refused marker transaction, its retry with the three others, the fold of its delta.
    expect(tables.db.transactions).toHaveLength(3);
    const postIds = (t: number) =>
      tables.db.transactions[t]!.flatMap((i) =>
        i.Put?.TableName === POSTS ? [i.Put.Item?.id] : [],
      );
    expect(postIds(0)).toHaveLength(5);
    expect(postIds(1)).toEqual([
      'x:1861500000000000002',
      'bsky:at://did:plc:abc123/app.bsky.feed.post/3lbq2x7k2c22a',
      'x:1861500000000000004',
    ]);
    const folded = tables.db.transactions[2]!.map((i) => i.Update?.Key);
    expect(folded).toContainEqual({ pk: 'TAG#aws', sk: 'ALL' });
    expect(folded).not.toContainEqual({ pk: 'TAG#dynamodb', sk: 'ALL' });
  });

  it('splits a large batch into transactions of at most 100 items and counts every post once', async () => {
    const input = syntheticInput(60, 3);

    const out = await handler(input);

    expect(out.results.every((r) => r.status === 'COUNTED')).toBe(true);
    expect(tables.db.transactions.length).toBeGreaterThan(1);
    for (const t of tables.db.transactions) expect(t.length).toBeLessThanOrEqual(100);
    expect(totals()).toMatchObject({ posts: 60, positive: 60 });
    expect(stat('TAG#_all', 'ALL')).toMatchObject({ mentions: 60, positive: 60 });
    expect(stat('TAG#tag59x2', 'ALL')).toMatchObject({ mentions: 1, display: 'Tag59x2' });
  });

  it('retries transactions cancelled by conflicts and throttling, counting once', async () => {
    tables.db.cancelNext('TransactionConflict', 'ThrottlingError');
    tables.db.throwNext('ProvisionedThroughputExceededException');

    const out = await handler(sample);

    expect(out.results.every((r) => r.status === 'COUNTED')).toBe(true);
    // Three refused marker transactions, the one that commits, and the fold.
    expect(tables.db.mock).toHaveReceivedCommandTimes(TransactWriteCommand, 5);
    expect(totals()).toMatchObject({ posts: 5 });
  });

  it('throws a Retry-able error when conflicts outlast its retries, having counted nothing', async () => {
    tables.db.cancelNext(...Array<string>(RETRY.attempts + 1).fill('TransactionConflict'));

    await expect(handler(sample)).rejects.toMatchObject({ name: 'TransactionConflict' });
    expect(totals()).toBeUndefined();
    expect(tables.db.get(POSTS, { id: 'x:1861500000000000001' })?.countedAt).toBeUndefined();
  });

  it('fails only the posts of a transaction DynamoDB cancels for good', async () => {
    const input = syntheticInput(150, 3);
    tables.db.cancelNext('ItemCollectionSizeLimitExceeded');

    const out = await handler(input);

    const failed = out.results.filter((r) => !r.ok);
    expect(failed.map((r) => r.id)).toEqual(input.posts.slice(0, 99).map((p) => p.id));
    expect(failed.every((r) => r.status === 'FAILED')).toBe(true);
    // Not a refusal of the posts themselves: their records are retried, not dead-lettered.
    expect(failed.every((r) => r.refused === undefined)).toBe(true);
    expect(totals()).toMatchObject({ posts: 150 - failed.length });
    expect(tables.db.get(POSTS, { id: 'demo:0' })).toBeUndefined();
    expect(tables.db.get(POSTS, { id: 'demo:149' })).toMatchObject({
      countedAt: expect.any(String),
    });
  });

  it('fails only a post whose item DynamoDB refuses, and counts the others of its transaction', async () => {
    const input = syntheticInput(10, 1);
    // Persist stores the text's head and tail: this one's item is over DynamoDB's 400 KB.
    input.posts[3]!.textTail = 'x'.repeat(MAX_ITEM_BYTES);

    const out = await handler(input);

    const byId = new Map(out.results.map((r) => [r.id, r]));
    expect(byId.get('demo:3')).toEqual({
      id: 'demo:3',
      ok: false,
      status: 'FAILED',
      enrichStatus: 'OK',
      refused: 'DynamoDB refused the post: Item size has exceeded the maximum allowed size',
    });
    const others = out.results.filter((r) => r.id !== 'demo:3');
    expect(others).toHaveLength(9);
    expect(others.every((r) => r.ok && r.status === 'COUNTED' && !('refused' in r))).toBe(true);
    expect(tables.db.get(POSTS, { id: 'demo:3' })).toBeUndefined();
    for (const r of others)
      expect(tables.db.get(POSTS, { id: r.id })).toMatchObject({ countedAt: expect.any(String) });
    // Each of the nine counted once, the refused post not at all.
    expect(totals()).toMatchObject({ posts: 9, positive: 9 });
    expect(stat('TAG#_all', 'ALL')).toMatchObject({ mentions: 9 });
    expect(stat('TAG#tag3x0', 'ALL')).toBeUndefined();
    expect(stat('TAG#tag9x0', 'ALL')).toMatchObject({ mentions: 1 });
    expect(stat('STATS', 'TOTAL')?.lastPostAt).toBe('2026-11-22T14:09:00.000Z');
    // Its feed items, written while it was counted, are gone again: it was never stored.
    const feed = tables.db.items(STATS).filter((i) => String(i.pk).startsWith('FEED#'));
    expect(feed.filter((i) => i.id === 'demo:3')).toEqual([]);
    expect(feed.filter((i) => i.id === 'demo:4').length).toBeGreaterThan(0);
  });

  it('finds the post a cancellation reason refuses among 150 and takes its message', async () => {
    const input = syntheticInput(150, 1);
    const message = 'Type mismatch for attribute to update';
    tables.db.refuseWhen((i) => i.Put?.Item?.id === 'demo:120', message);

    const out = await handler(input);

    const failed = out.results.filter((r) => !r.ok);
    expect(failed).toEqual([
      expect.objectContaining({
        id: 'demo:120',
        status: 'FAILED',
        refused: `DynamoDB refused the post: ${message}`,
      }),
    ]);
    expect(out.results.filter((r) => r.status === 'COUNTED')).toHaveLength(149);
    expect(totals()).toMatchObject({ posts: 149 });
    expect(stat('TAG#tag120x0', 'ALL')).toBeUndefined();
    expect(stat('TAG#tag121x0', 'ALL')).toMatchObject({ mentions: 1 });
    for (const t of tables.db.transactions) expect(t.length).toBeLessThanOrEqual(100);
  });

  it('tells a refused post from one counted before when both cancel the same transaction', async () => {
    tables.db.put(POSTS, { id: 'x:1861500000000000001', countedAt: '2026-11-22T14:07:40.000Z' });
    tables.db.refuseWhen((i) => i.Put?.Item?.id === 'x:1861500000000000005', 'Number overflow');

    const out = await handler(sample);

    const byId = Object.fromEntries(out.results.map((r) => [r.id, r]));
    expect(byId['x:1861500000000000001']).toMatchObject({ ok: true, status: 'ALREADY_COUNTED' });
    expect(byId['x:1861500000000000001']).not.toHaveProperty('refused');
    expect(byId['x:1861500000000000005']).toMatchObject({
      ok: false,
      status: 'FAILED',
      refused: 'DynamoDB refused the post: Number overflow',
    });
    expect(out.results.filter((r) => r.status === 'COUNTED')).toHaveLength(3);
    expect(totals()).toMatchObject({ posts: 3, negative: 1, neutral: 0, mixed: 0 });
  });

  it('writes the feeds Ingest chose, and only feeds of the post itself', async () => {
    const input = structuredClone(sample);
    for (const p of input.posts) p.feedKeys = [];
    input.posts[0]!.feedKeys = ['_all', 'not-its-tag'];

    await handler(input);

    const feed = tables.db.items(STATS).filter((i) => String(i.pk).startsWith('FEED#'));
    expect(feed.map((i) => [i.pk, i.id])).toEqual([['FEED#_all', input.posts[0]!.id]]);
  });

  it('chooses the feeds over its own posts when none were chosen: a large batch is sampled', async () => {
    const input = syntheticInput(600, 1);

    await handler(input);

    const feed = tables.db.items(STATS).filter((i) => String(i.pk).startsWith('FEED#'));
    // 600 posts, 1,200 possible items; the budget is 0.4 per post, and each of the 600 tags
    // keeps its one post, and `_all` its newest of each of the 12 five-minute buckets.
    expect(feed.filter((i) => i.pk !== 'FEED#_all')).toHaveLength(600);
    expect(feed.filter((i) => i.pk === 'FEED#_all')).toHaveLength(12);
    expect(totals()).toMatchObject({ posts: 600 });
  });

  it('retries feed items BatchWriteItem leaves unprocessed', async () => {
    tables.db.leaveUnprocessed(2);

    await handler(sample);

    expect(tables.db.items(STATS).filter((i) => i.pk === 'FEED#_all')).toHaveLength(5);
  });

  it('stores and counts the posts of a failed sentiment batch as FAILED', async () => {
    const out = await handler({
      ...sample,
      sentimentResults: [{ Error: 'InternalServerException' }],
    });

    expect(out.results.every((r) => r.ok)).toBe(true);
    expect(tables.db.get(POSTS, { id: 'x:1861500000000000001' })).toMatchObject({
      enrichStatus: 'FAILED',
    });
    expect(tables.db.get(POSTS, { id: 'x:1861500000000000001' })?.sentiment).toBeUndefined();
    expect(totals()).toMatchObject({ posts: 5, failed: 3, unsupported: 2, negative: 0 });
    expect(stat('TAG#aws', 'ALL')).toMatchObject({ mentions: 4, neutral: 0, mixed: 0 });
  });

  it('rejects input that is not the Plan output shape', async () => {
    await expect(handler({ posts: 'nope' })).rejects.toThrow();
  });
});
