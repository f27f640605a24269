import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { handler } from '../../../functions/enrich/persist';
import { refreshRankLists } from '../../../functions/enrich/rank-lists';
import { rankListKey, type RankListItem } from '../../../functions/domain/rank-lists';
import { fakePersistTables, sample, STATS } from './support/persist-tables';

const tables = fakePersistTables();
const list = (scope: string): RankListItem | undefined =>
  tables.db.get(STATS, rankListKey(scope)) as RankListItem | undefined;

describe('Rank lists written by Persist', () => {
  it('lists every ranked counter of a bucket with its count, and no unranked one', async () => {
    await handler(sample);
    expect(list('TAGS#ALL')?.members).toEqual({
      'TAG#aws': 4,
      'TAG#serverless': 2,
      'TAG#dynamodb': 1,
    });
    expect(list('TAGS#H#2026-11-22T14')?.members).toEqual({
      'TAG#aws': 4,
      'TAG#serverless': 2,
      'TAG#dynamodb': 1,
    });
    // `_all` and the minute buckets are in no list.
    const scopes = tables.db
      .items(STATS)
      .filter((i) => String(i.pk).startsWith('RANK#'))
      .map((i) => String(i.pk));
    expect(scopes.some((s) => s.includes('_all') || s.includes('#M#'))).toBe(false);
    // A five-minute bucket's list expires with its counters.
    expect(list('TAGS#F#2026-11-22T14:05')?.expiresAt).toEqual(
      tables.db.get(STATS, { pk: 'TAG#aws', sk: 'F#2026-11-22T14:05' })?.expiresAt,
    );
  });

  it('writes a list again only when who is in it changes, or a count doubles', async () => {
    await handler(sample);
    const first = list('TAGS#ALL')!;
    const again = structuredClone(sample);
    again.posts.forEach((p, i) => (p.id = `${p.id}-again-${i}`));
    again.sentimentBatches.forEach(
      (b) => (b.ids = b.ids.map((id) => `${id}-again-${b.ids.indexOf(id)}`)),
    );
    await handler(again);
    // Each count doubled: the hints are rewritten.
    expect(list('TAGS#ALL')?.members).toEqual({
      'TAG#aws': 8,
      'TAG#serverless': 4,
      'TAG#dynamodb': 2,
    });
    expect(list('TAGS#ALL')?.rev).toBe(first.rev + 1);
  });

  it('puts a list right on the retry of posts counted by an attempt that stopped before it', async () => {
    await handler(sample);
    for (const i of tables.db.items(STATS).filter((i) => String(i.pk).startsWith('RANK#'))) {
      tables.db.put(STATS, { ...i, members: {} }, ['pk', 'sk']);
    }
    const out = await handler(sample);
    expect(out.results.every((r) => r.status === 'ALREADY_COUNTED')).toBe(true);
    expect(list('TAGS#ALL')?.members).toEqual({
      'TAG#aws': 4,
      'TAG#serverless': 2,
      'TAG#dynamodb': 1,
    });
  });

  it("merges with another writer's list that came in between, instead of overwriting it", async () => {
    tables.db.put(STATS, { pk: 'TAG#a', sk: 'ALL', mentions: 5 }, ['pk', 'sk']);
    tables.db.put(STATS, { pk: 'TAG#b', sk: 'ALL', mentions: 3 }, ['pk', 'sk']);
    // The other writer puts its list between our read and our put, once.
    let raced = false;
    tables.db.mock.on(PutCommand).callsFake((input: { Item: Record<string, unknown> }) => {
      if (!raced) {
        raced = true;
        tables.db.put(STATS, { ...rankListKey('TAGS#ALL'), members: { 'TAG#b': 3 }, rev: 1 }, [
          'pk',
          'sk',
        ]);
        throw Object.assign(new Error('The conditional request failed'), {
          name: 'ConditionalCheckFailedException',
        });
      }
      tables.db.put(STATS, input.Item, ['pk', 'sk']);
      return {};
    });
    await refreshRankLists([{ pk: 'TAG#a', sk: 'ALL', scope: 'TAGS#ALL' }]);
    expect(list('TAGS#ALL')).toMatchObject({ members: { 'TAG#a': 5, 'TAG#b': 3 }, rev: 2 });
  });
});
