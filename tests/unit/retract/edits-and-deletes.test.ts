import { handler as persist } from '../../../functions/enrich/persist';
import type { PersistInput } from '../../../functions/domain/workflow';
import { RETRY } from '../../../functions/shared/retry';
import { retractPost, type RetractDeps } from '../../../functions/shared/retract';
import { FakeDynamo } from '../enrich/support/fake-dynamo';

/**
 * The edit and delete policy, on Persist and on ingest's retraction with DynamoDB's semantics
 * (tests/unit/enrich/support/fake-dynamo.ts): an edit replaces the earlier version in counts and
 * feeds; a delete takes the post out of feeds and, in the buckets that still exist, out of counts;
 * either one arriving before the post keeps the post from ever being counted; each exactly once.
 */

const POSTS = 'PostsTable';
const STATS = 'StatsTable';
let db: FakeDynamo;

beforeAll(() => {
  process.env.POSTS_TABLE = POSTS;
  process.env.STATS_TABLE = STATS;
  RETRY.baseMs = 1;
});
beforeEach(() => (db = new FakeDynamo()));
afterEach(() => db.reset());

interface Spec {
  id: string;
  tags: string[];
  minutesAgo?: number;
  replaces?: string[];
  revision?: string;
  sentiment?: 'POSITIVE' | 'NEGATIVE';
}

const created = (minutesAgo = 10): string =>
  new Date(Date.now() - minutesAgo * 60_000).toISOString().replace(/\.\d{3}Z$/, '.000Z');

/**
 * Persist's input for a post, answered with one sentiment. Nothing is stored before: Ingest
 * hands new posts to the workflow, and the transaction that counts a post puts its item.
 */
function arrive(spec: Spec): PersistInput {
  const post = {
    id: spec.id,
    source: 'x' as const,
    createdAt: created(spec.minutesAgo),
    lang: 'en',
    author: { id: '7' },
    hashtags: spec.tags.map((t) => ({ key: t.toLowerCase(), display: t })),
    cashtags: [],
    ...(spec.replaces ? { replaces: spec.replaces } : {}),
    ...(spec.revision ? { revision: spec.revision } : {}),
  };
  return {
    posts: [post],
    sentimentBatches: [{ LanguageCode: 'en', ids: [spec.id], texts: [`text of ${spec.id}`] }],
    otherDocs: { ids: [], texts: [] },
    sentimentResults: [
      {
        ResultList: [
          {
            Index: 0,
            Sentiment: spec.sentiment ?? 'POSITIVE',
            SentimentScore: { Positive: 0.9, Negative: 0.05, Neutral: 0.05, Mixed: 0 },
          },
        ],
        ErrorList: [],
      },
    ],
  };
}

const count = async (spec: Spec) => (await persist(arrive(spec))).results[0]?.status;
const deps = (): RetractDeps => ({
  doc: db.mock as never,
  postsTable: POSTS,
  statsTable: STATS,
  dedupeDays: 400,
  now: new Date(),
});
const retract = (id: string) => retractPost(id, deps());

const totals = () => db.get(STATS, { pk: 'STATS', sk: 'TOTAL' });
const allTime = (tag: string) => db.get(STATS, { pk: `TAG#${tag}`, sk: 'ALL' });
const feed = (key: string) =>
  db
    .items(STATS)
    .filter((i) => i.pk === `FEED#${key}`)
    .map((i) => i.id);
const post = (id: string) => db.get(POSTS, { id });

describe('deletes', () => {
  it('take a counted post out of counts and feeds, once, and leave a tombstone', async () => {
    expect(await count({ id: 'x:100', tags: ['AWS'] })).toBe('COUNTED');
    expect(totals()).toMatchObject({ posts: 1, positive: 1 });
    expect(feed('aws')).toEqual(['x:100']);
    expect(post('x:100')).toMatchObject({ text: 'text of x:100', countedAt: expect.any(String) });

    expect(await retract('x:100')).toBe('RETRACTED');
    expect(totals()).toMatchObject({ posts: 0, positive: 0 });
    expect(allTime('aws')).toMatchObject({ mentions: 0, positive: 0 });
    expect(allTime('_all')).toMatchObject({ mentions: 0 });
    expect(feed('aws')).toEqual([]);
    expect(feed('_all')).toEqual([]);
    expect(post('x:100')).toMatchObject({ tombstone: true, deletedAt: expect.any(String) });
    expect(post('x:100')?.text).toBeUndefined();

    expect(await retract('x:100')).toBe('ALREADY');
    expect(totals()).toMatchObject({ posts: 0 });
    // Delivered again (a Persist retry): not counted again, not fed again.
    expect(await count({ id: 'x:100', tags: ['AWS'] })).toBe('ALREADY_COUNTED');
    expect(totals()).toMatchObject({ posts: 0 });
    expect(feed('aws')).toEqual([]);
    // The tombstone was not overwritten by the post's put.
    expect(post('x:100')).toMatchObject({ tombstone: true, deletedAt: expect.any(String) });
    expect(post('x:100')?.text).toBeUndefined();
  });

  it('keep a post still being enriched (not stored yet) from ever being counted', async () => {
    expect(await retract('x:200')).toBe('AHEAD');
    expect(await count({ id: 'x:200', tags: ['AWS'] })).toBe('RETRACTED');
    expect(totals()?.posts ?? 0).toBe(0);
    expect(allTime('aws')).toBeUndefined();
    expect(feed('aws')).toEqual([]);
    expect(feed('_all')).toEqual([]);
    // Its put was refused: what is stored is the tombstone, never the post.
    expect(post('x:200')).toEqual({
      id: 'x:200',
      tombstone: true,
      deletedAt: expect.any(String),
      expiresAt: expect.any(Number),
    });
    // Delivered again: still not counted.
    expect(await count({ id: 'x:200', tags: ['AWS'] })).toBe('RETRACTED');
    expect(totals()?.posts ?? 0).toBe(0);
  });

  it('wait as a tombstone for a post not seen yet', async () => {
    expect(await retract('x:300')).toBe('AHEAD');
    expect(post('x:300')).toMatchObject({ id: 'x:300', tombstone: true });
  });

  it('leave expired buckets alone: an old post comes out of the all-time and day counts only', async () => {
    const old = { id: 'x:400', tags: ['Old'], minutesAgo: 4 * 24 * 60 };
    await count(old);
    const buckets = () =>
      db
        .items(STATS)
        .filter((i) => i.pk === 'TAG#old')
        .map((i) => [String(i.sk).split('#')[0], i.mentions]);
    expect(new Map(buckets() as [string, number][])).toEqual(
      new Map([
        ['ALL', 1],
        ['D', 1],
        ['H', 1],
        ['F', 1],
        ['M', 1],
      ]),
    );
    await retract('x:400');
    // Five-minute (2 days) and minute (3 days) buckets have expired by now: not re-created.
    expect(new Map(buckets() as [string, number][])).toEqual(
      new Map([
        ['ALL', 0],
        ['D', 0],
        ['H', 0],
        ['F', 1],
        ['M', 1],
      ]),
    );
  });
});

describe('edits', () => {
  it('move the counts and the feed from the earlier version to the edit', async () => {
    await count({ id: 'x:500', tags: ['Typo'], sentiment: 'NEGATIVE' });
    const edit = { id: 'x:501', tags: ['Fixed'], replaces: ['x:500'], revision: '501' };
    expect(await count(edit)).toBe('COUNTED');
    expect(totals()).toMatchObject({ posts: 1, positive: 1, negative: 0 });
    expect(allTime('typo')).toMatchObject({ mentions: 0 });
    expect(allTime('fixed')).toMatchObject({ mentions: 1 });
    expect(feed('_all')).toEqual(['x:501']);
    expect(post('x:500')).toMatchObject({ supersededBy: 'x:501' });
    // The same edit again counts nothing.
    expect(await count(edit)).toBe('ALREADY_COUNTED');
    expect(totals()).toMatchObject({ posts: 1 });
  });

  it('an edit that arrives before its original keeps the original out', async () => {
    expect(await count({ id: 'x:601', tags: ['Edit'], replaces: ['x:600'] })).toBe('COUNTED');
    expect(post('x:600')).toMatchObject({ tombstone: true, supersededBy: 'x:601' });
    expect(totals()).toMatchObject({ posts: 1 });

    expect(await count({ id: 'x:600', tags: ['Orig'] })).toBe('RETRACTED');
    expect(post('x:600')).toEqual({
      id: 'x:600',
      tombstone: true,
      supersededBy: 'x:601',
      expiresAt: expect.any(Number),
    });
    expect(totals()).toMatchObject({ posts: 1 });
    expect(allTime('orig')).toBeUndefined();
    expect(feed('_all')).toEqual(['x:601']);
  });

  it('an older version that arrives after a newer one is not counted', async () => {
    await count({ id: 'x:700', tags: ['V1'] });
    await count({ id: 'x:702', tags: ['V3'], replaces: ['x:700', 'x:701'] });
    expect(await count({ id: 'x:701', tags: ['V2'], replaces: ['x:700'] })).toBe('RETRACTED');
    expect(totals()).toMatchObject({ posts: 1 });
    expect(allTime('v3')).toMatchObject({ mentions: 1 });
    expect(allTime('v2')).toBeUndefined();
    expect(feed('_all')).toEqual(['x:702']);
    // The placeholder the newer version left is not overwritten.
    expect(post('x:701')).toMatchObject({ tombstone: true, supersededBy: 'x:702' });
    expect(post('x:701')?.countedAt).toBeUndefined();
  });

  it('an older version nothing held a place for is stored as replaced, uncounted, once', async () => {
    await count({ id: 'x:900', tags: ['V1'] });
    await count({ id: 'x:902', tags: ['V3'], replaces: ['x:900'] });
    const stale = { id: 'x:901', tags: ['V2'], replaces: ['x:900'] };

    expect(await count(stale)).toBe('RETRACTED');

    const item = post('x:901');
    expect(item).toMatchObject({
      id: 'x:901',
      text: 'text of x:901',
      hashtags: [{ key: 'v2', display: 'V2' }],
      supersededBy: 'x:902',
      expiresAt: expect.any(Number),
    });
    expect(item?.countedAt).toBeUndefined();
    expect(totals()).toMatchObject({ posts: 1 });
    expect(allTime('v2')).toBeUndefined();
    expect(allTime('v3')).toMatchObject({ mentions: 1 });
    // The feed items Persist wrote for it while it was counted are taken out again.
    expect(feed('_all')).toEqual(['x:902']);
    expect(feed('v2')).toEqual([]);

    // Delivered again: its item is there, so nothing is put or counted.
    expect(await count(stale)).toBe('RETRACTED');
    expect(post('x:901')).toEqual(item);
    expect(totals()).toMatchObject({ posts: 1 });
  });

  it('a delete of the original takes back the edit that replaced it', async () => {
    await count({ id: 'x:800', tags: ['Orig'] });
    await count({ id: 'x:801', tags: ['Edited'], replaces: ['x:800'] });
    expect(await retract('x:800')).toBe('RETRACTED');
    expect(totals()).toMatchObject({ posts: 0 });
    expect(allTime('edited')).toMatchObject({ mentions: 0 });
    expect(feed('_all')).toEqual([]);
  });
});
