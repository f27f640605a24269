import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { handler } from '../../../functions/enrich/persist';
import { RETRY } from '../../../functions/shared/retry';
import type { PersistInput } from '../../../functions/domain/workflow';
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
    for (const p of [...newer.posts, ...older.posts])
      tables.db.put(POSTS, { id: p.id, source: p.source });
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

    const again = await handler(sample);

    expect(again.results.every((r) => r.ok && r.status === 'ALREADY_COUNTED')).toBe(true);
    const counters = (items: typeof before) =>
      items.filter((i) => !String(i.pk).startsWith('FEED#'));
    expect(counters(tables.db.items(STATS))).toEqual(counters(before));
  });

  it('drops posts an earlier attempt counted and recomputes the deltas of the rest', async () => {
    tables.db.put(POSTS, { id: 'x:1861500000000000001', countedAt: '2026-11-22T14:07:40.000Z' });
    tables.db.put(POSTS, { id: 'x:1861500000000000005', countedAt: '2026-11-22T14:07:40.000Z' });

    const out = await handler(sample);

    const status = Object.fromEntries(out.results.map((r) => [r.id, r.status]));
    expect(status['x:1861500000000000001']).toBe('ALREADY_COUNTED');
    expect(status['x:1861500000000000005']).toBe('ALREADY_COUNTED');
    expect(out.results.every((r) => r.ok)).toBe(true);
    // Posts 2 and 4 carry #aws; 1 and 5 were counted before and are not added again.
    expect(stat('TAG#aws', 'ALL')).toMatchObject({ mentions: 2, neutral: 0, mixed: 0 });
    expect(stat('TAG#dynamodb', 'ALL')).toBeUndefined();
    expect(totals()).toMatchObject({ posts: 3, negative: 1, unsupported: 2 });
    // The refused marker transaction, its retry with the three others, the fold of its delta.
    expect(tables.db.transactions).toHaveLength(3);
    const retried = tables.db.transactions[1]!.map((i) => i.Update?.Key);
    expect(retried.filter((k) => k && 'id' in k)).toHaveLength(3);
    const folded = tables.db.transactions[2]!.map((i) => i.Update?.Key);
    expect(folded).toContainEqual({ pk: 'TAG#aws', sk: 'ALL' });
    expect(folded).not.toContainEqual({ pk: 'TAG#dynamodb', sk: 'ALL' });
  });

  it('splits a large batch into transactions of at most 100 items and counts every post once', async () => {
    const input = syntheticInput(60, 3);
    for (const p of input.posts) tables.db.put(POSTS, { id: p.id });

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

  it('fails only the posts of a transaction DynamoDB rejects for good', async () => {
    const input = syntheticInput(150, 3);
    for (const p of input.posts) tables.db.put(POSTS, { id: p.id });
    tables.db.cancelNext('ValidationError');

    const out = await handler(input);

    const failed = out.results.filter((r) => !r.ok);
    expect(failed).toHaveLength(99);
    expect(failed.every((r) => r.status === 'FAILED')).toBe(true);
    expect(totals()).toMatchObject({ posts: 150 - failed.length });
  });

  it('writes the feeds EnrichFunction chose, and only feeds of the post itself', async () => {
    const input = structuredClone(sample);
    for (const p of input.posts) p.feedKeys = [];
    input.posts[0]!.feedKeys = ['_all', 'not-its-tag'];

    await handler(input);

    const feed = tables.db.items(STATS).filter((i) => String(i.pk).startsWith('FEED#'));
    expect(feed.map((i) => [i.pk, i.id])).toEqual([['FEED#_all', input.posts[0]!.id]]);
  });

  it('chooses the feeds over its own posts when none were chosen: a large batch is sampled', async () => {
    const input = syntheticInput(600, 1);
    for (const p of input.posts) tables.db.put(POSTS, { id: p.id });

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
