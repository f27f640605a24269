/**
 * Hot counters split into shards (domain/keys.ts): Persist adds each transaction to one shard of
 * the totals, `_all` and breakdown items, and the API sums them, so the answers are those of an
 * unsharded table.
 */
import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { handler as persist } from '../../../functions/enrich/persist';
import { handler as stats } from '../../../functions/api/stats';
import { handler as timeline } from '../../../functions/api/timeline';
import { handler as languages } from '../../../functions/api/languages';
import { clearReadCache } from '../../../functions/api/read-cache';
import { hotShardPk, hotShardPks, totalsKey } from '../../../functions/domain/keys';
import {
  counterUpdate,
  processWriter,
  totalsUpdate,
} from '../../../functions/shared/counter-writes';
import type { CounterDelta, TotalsDelta } from '../../../functions/domain/aggregate';
import type { PersistInput } from '../../../functions/domain/workflow';
import { RETRY } from '../../../functions/shared/retry';
import { body, context, freezeTime, loadEvent, NOW } from '../api/support/fixtures';
import { FakeDynamo } from './support/fake-dynamo';
import { positiveInput } from './support/positive-input';

const POSTS = 'PostsTable-test';
const STATS = 'StatsTable-test';
let db: FakeDynamo;
const stat = (pk: string) => db.get(STATS, { pk, sk: 'TOTAL' });

/** Posts two minutes before NOW, each with a tag of its own, all POSITIVE English. */
function input(count: number): PersistInput {
  const createdAt = new Date(Date.parse(NOW) - 120_000).toISOString();
  const posts = Array.from({ length: count }, (_, i) => ({
    id: `demo:${i}`,
    source: 'demo' as const,
    createdAt,
    lang: 'en',
    hashtags: [
      { key: `a${i}`, display: `a${i}` },
      { key: `b${i}`, display: `b${i}` },
    ],
    cashtags: [],
  }));
  return positiveInput(posts);
}

beforeAll(() => {
  RETRY.baseMs = 1;
});

beforeEach(() => {
  process.env.POSTS_TABLE = POSTS;
  process.env.STATS_TABLE = STATS;
  delete process.env.DLQ_URL;
  process.env.HOT_COUNTER_SHARDS = '4';
  clearReadCache();
  db = new FakeDynamo();
  // Queries read the fake's items: pk equal, sk BETWEEN.
  db.mock.on(QueryCommand).callsFake((q: QueryCommandInput) => {
    const v = q.ExpressionAttributeValues ?? {};
    const items = db
      .items(STATS)
      .filter((i) => i.pk === v[':pk'] && String(i.sk) >= v[':from'] && String(i.sk) <= v[':to'])
      .sort((a, b) => (String(a.sk) < String(b.sk) ? -1 : 1));
    return { Items: items };
  });
});

afterEach(() => {
  delete process.env.HOT_COUNTER_SHARDS;
  jest.restoreAllMocks();
  jest.useRealTimers();
  db.reset();
});

describe('hot-counter shards', () => {
  it('keys shard 0 as the item itself and the others apart; other items are never sharded', () => {
    expect(hotShardPk('STATS', 0)).toBe('STATS');
    expect(hotShardPk('TAG#_all', 3)).toBe('HOT#3#TAG#_all');
    expect(hotShardPk('BREAKDOWN#_all', 1)).toBe('HOT#1#BREAKDOWN#_all');
    expect(hotShardPk('TAG#aws', 3)).toBe('TAG#aws');
    expect(hotShardPks('STATS', 3)).toEqual(['STATS', 'HOT#1#STATS', 'HOT#2#STATS', 'HOT#3#STATS']);
    expect(hotShardPks('STATS', 1)).toEqual(['STATS']);
    expect(hotShardPks('TAG#aws', 3)).toEqual(['TAG#aws']);
  });

  it('writes a transaction to the shard given, and a taken-back shard item expires', () => {
    const delta = { pk: 'TAG#_all', sk: 'H#2026-11-22T14', mentions: -1 } as CounterDelta;
    const taken = counterUpdate(STATS, { ...delta, countsOnly: true, expiresAt: 99 }, 2);
    expect(taken.Update?.Key).toEqual({ pk: 'HOT#2#TAG#_all', sk: 'H#2026-11-22T14' });
    expect(taken.Update?.UpdateExpression).toContain('if_not_exists');
    expect(counterUpdate(STATS, { ...delta, pk: 'TAG#aws' }, 2).Update?.Key?.pk).toBe('TAG#aws');
    expect(totalsUpdate(STATS, { posts: 1 } as TotalsDelta, NOW, 1).Update?.Key).toEqual({
      pk: 'HOT#1#STATS',
      sk: totalsKey.sk,
    });
  });

  it('keeps a writer on its shard until a conflict moves it, and the API answers the sums', async () => {
    let draws = 0;
    jest.spyOn(Math, 'random').mockImplementation(() => [0.1, 0.5][draws++ % 2]!);
    const batch = input(60);
    processWriter.shard = undefined;

    // The first transaction is cancelled by a conflict: the writer moves on and stays there.
    db.cancelNext('TransactionConflict');
    const out = await persist(batch);
    expect(out.results.every((r) => r.status === 'COUNTED')).toBe(true);
    // Each post's item is put by the transaction that counted it (the cancelled one put none).
    expect(db.items(POSTS).filter((p) => p.countedAt)).toHaveLength(60);

    const shards = db.items(STATS).filter((i) => i.sk === 'TOTAL');
    expect(db.transactions.length).toBeGreaterThan(2);
    // Drawn shard 1 (1 + floor(0.1 x 4)), moved 1 + floor(0.5 x 3) = 2 further after the
    // conflict: shard 3. The item itself holds only lastPostAt, raised outside transactions.
    expect(shards.map((i) => i.pk).sort()).toEqual(['HOT#3#STATS', 'STATS']);
    expect(processWriter.shard).toBe(3);
    expect(stat('STATS')).toEqual({ pk: 'STATS', sk: 'TOTAL', lastPostAt: expect.any(String) });
    expect(shards.reduce((n, i) => n + Number(i.posts ?? 0), 0)).toBe(60);
    // Another writer's counts on shard 0: readers sum both.
    const more = input(1);
    more.posts[0]!.id = 'demo:other';
    more.sentimentBatches[0]!.ids = ['demo:other'];
    processWriter.shard = 1;
    await persist(more);
    processWriter.shard = undefined;

    freezeTime();
    const s = body<{ posts: number; positive: number; postsPerMinute: number }>(
      await stats(loadEvent('stats.json'), context),
    );
    // All 61 posts ever counted are two complete minutes old: a stream that began then.
    expect(s).toMatchObject({ posts: 61, positive: 61, postsPerMinute: 61 / 2 });

    const t = body<{ points: { t: string; mentions: number }[] }>(
      await timeline(loadEvent('timeline-all-minute.json'), context),
    );
    expect(t.points.reduce((n, p) => n + p.mentions, 0)).toBe(61);

    const l = body<{ items: { key: string; mentions: number }[] }>(
      await languages(loadEvent('languages-24h.json'), context),
    );
    expect(l.items).toEqual([expect.objectContaining({ key: 'en', mentions: 61 })]);
  });
});
