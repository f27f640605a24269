import { handler } from '../../../functions/enrich/persist';
import { foldPending } from '../../../functions/enrich/fold';
import { aggregate, type CountablePost } from '../../../functions/domain/aggregate';
import { encodeCounts, PENDING_PK, pendingSk } from '../../../functions/domain/pending-counts';
import type { PersistInput } from '../../../functions/domain/workflow';
import { fakePersistTables, POSTS, sample, STATS } from './support/persist-tables';
import { positiveInput } from './support/positive-input';

const tables = fakePersistTables();
const { stat, totals } = tables;
const pending = () => tables.db.items(STATS).filter((i) => i.pk === PENDING_PK);
/** How many transactions wrote to a counter item. */
const writesOf = (pk: string, sk: string) =>
  tables.db.transactions.filter((t) =>
    t.some((i) => i.Update?.Key?.pk === pk && i.Update.Key.sk === sk),
  ).length;

const countable = (input: PersistInput) => input.posts as unknown as CountablePost[];

/** Posts with their own hashtags, English, answered POSITIVE; not stored yet (Persist puts them). */
function fresh(count: number, tagsPerPost: number, prefix = 'demo'): PersistInput {
  const posts = Array.from({ length: count }, (_, i) => ({
    id: `${prefix}:${i}`,
    source: 'demo' as const,
    createdAt: `2026-11-22T14:${String(i % 60).padStart(2, '0')}:00.000Z`,
    lang: 'en',
    author: { id: `a${i}` },
    hashtags: Array.from({ length: tagsPerPost }, (_, t) => ({
      key: `${prefix}${i}x${t}`,
      display: `${prefix}${i}x${t}`,
    })),
    cashtags: [],
  }));
  return positiveInput(posts);
}

describe('Counting in two stages', () => {
  it('folds the deltas of all its marker transactions together: a shared counter is written once', async () => {
    const input = fresh(250, 1);

    await handler(input);

    // 99 + 99 + 52 posts: three marker transactions, each with a delta, and nothing else puts
    // a post's item.
    const markerTransactions = tables.db.transactions.filter((t) =>
      t.some((i) => i.Put?.TableName === POSTS),
    );
    expect(markerTransactions.map((t) => t.length)).toEqual([100, 100, 53]);
    expect(tables.db.items(POSTS).filter((p) => p.countedAt)).toHaveLength(250);
    expect(writesOf('TAG#_all', 'ALL')).toBe(1);
    expect(stat('TAG#_all', 'ALL')).toMatchObject({ mentions: 250, positive: 250 });
    expect(totals()).toMatchObject({ posts: 250, positive: 250 });
    expect(stat('TAG#demo249x0', 'ALL')).toMatchObject({ mentions: 1, display: 'demo249x0' });
    expect(pending()).toEqual([]);
  });

  it('exchanges a merge too large for one transaction for chunks, each at most 100 items', async () => {
    const input = fresh(300, 3);

    await handler(input);

    for (const t of tables.db.transactions) expect(t.length).toBeLessThanOrEqual(100);
    const chunkPuts = tables.db.transactions.flatMap((t) =>
      t.filter((i) => String(i.Put?.Item?.sk ?? '').includes('#C#')),
    );
    expect(chunkPuts.length).toBeGreaterThan(10);
    expect(totals()).toMatchObject({ posts: 300, positive: 300 });
    expect(stat('TAG#demo299x2', 'H#2026-11-22T14')).toMatchObject({ mentions: 1 });
    expect(stat('TAG#_all', 'ALL')).toMatchObject({ mentions: 300 });
    expect(pending()).toEqual([]);
  });

  it('leaves the counts of a call that dies before its fold pending, and its retry folds them once', async () => {
    tables.db.throwWhen((items) => items.some((i) => i.Delete), 'ValidationException');

    await expect(handler(sample)).rejects.toMatchObject({ name: 'ValidationException' });
    expect(pending()).toHaveLength(1);
    expect(totals()).toBeUndefined();

    tables.db.clearThrowWhen();
    const retry = await handler(sample);

    expect(retry.results.every((r) => r.status === 'ALREADY_COUNTED')).toBe(true);
    expect(pending()).toEqual([]);
    expect(totals()).toMatchObject({ posts: 5 });
    expect(stat('TAG#aws', 'ALL')).toMatchObject({ mentions: 4 });

    await handler(sample);
    expect(totals()).toMatchObject({ posts: 5 });
  });

  it('dies between the exchange and the chunks: the chunks are folded later, once', async () => {
    const input = fresh(300, 3);
    // Chunks go into the counters in transactions with a chunk's delete and no put.
    tables.db.throwWhen(
      (items) => items.some((i) => i.Delete) && !items.some((i) => i.Put),
      'ValidationException',
    );
    await expect(handler(input)).rejects.toMatchObject({ name: 'ValidationException' });
    expect(pending().every((i) => String(i.sk).includes('#C#'))).toBe(true);
    expect(totals()).toBeUndefined();

    tables.db.clearThrowWhen();
    await handler(input);

    expect(pending()).toEqual([]);
    expect(totals()).toMatchObject({ posts: 300 });
    expect(stat('TAG#demo0x0', 'ALL')).toMatchObject({ mentions: 1 });
  });

  it('folds every pending item it finds, whoever left it and however recently', async () => {
    const [older, younger] = [fresh(2, 1, 'old'), fresh(1, 1, 'young')];
    const counts = (input: PersistInput) => encodeCounts(aggregate(countable(input), 0));
    const minuteAgo = new Date(Date.now() - 60_000);
    tables.db.put(
      STATS,
      { pk: PENDING_PK, sk: pendingSk('D', minuteAgo, 'a'), counts: counts(older) },
      ['pk', 'sk'],
    );
    const youngSk = pendingSk('D', new Date(), 'b');
    tables.db.put(STATS, { pk: PENDING_PK, sk: youngSk, counts: counts(younger) }, ['pk', 'sk']);

    await handler(sample);

    expect(totals()).toMatchObject({ posts: 5 + 2 + 1 });
    expect(stat('TAG#old1x0', 'ALL')).toMatchObject({ mentions: 1 });
    expect(stat('TAG#young0x0', 'ALL')).toMatchObject({ mentions: 1 });
    expect(pending()).toEqual([]);
  });

  it("leaves an execution's deltas to the batch's last (fold: false), which folds them all at once", async () => {
    const first = fresh(3, 1, 'first');
    const last = fresh(2, 1, 'last');

    await handler({ ...first, fold: false });
    expect(pending()).toHaveLength(1);
    expect(totals()?.posts).toBeUndefined();

    await handler({ ...last, fold: true });
    expect(pending()).toEqual([]);
    expect(totals()).toMatchObject({ posts: 5 });
    expect(stat('TAG#_all', 'ALL')).toMatchObject({ mentions: 5 });
    expect(writesOf('TAG#_all', 'ALL')).toBe(1);
    expect(stat('TAG#first2x0', 'ALL')).toMatchObject({ mentions: 1 });
  });

  it('does not count a pending item another call folded first', async () => {
    const input = fresh(3, 1);
    const counts = aggregate(countable(input), 0);
    const here = pendingSk('D', new Date(), 'here');
    tables.db.put(STATS, { pk: PENDING_PK, sk: here, counts: encodeCounts(counts) }, ['pk', 'sk']);
    const gone = { sk: pendingSk('D', new Date(), 'gone'), counts };

    await foldPending([{ sk: here, counts }, gone], new Date(), {});

    expect(totals()).toMatchObject({ posts: 3 });
    expect(pending()).toEqual([]);
  });
});
