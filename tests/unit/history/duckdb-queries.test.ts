import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  archivePartition,
  archiveRecordOf,
  removalRecordOf,
  type ArchiveRecord,
} from '../../../functions/domain/archive';
import { bindValues } from '../../../functions/domain/named-queries';
import type { EnrichedPost } from '../../../functions/domain/workflow';
import { NAMED_QUERIES, POSTS_VIEW_SQL } from '../../../functions/history/catalog';
import { openArchive, type ArchiveDb } from '../../../functions/history/duckdb-archive';
import { createParquetWriter } from '../../../local/services/firehose-parquet';
import { createRng } from '../../../sources/demo/rng';

/**
 * Each named query runs in DuckDB on real Parquet files laid out as Firehose writes them, over
 * the posts view, and answers what a plain reading of its header says (a reference computed
 * here from the same posts). Some posts are archived twice with different sentiment: the view
 * keeps the newest copy.
 */

const SENTIMENTS = ['POSITIVE', 'NEGATIVE', 'NEUTRAL', 'MIXED'] as const;
const TAGS = ['aws', 'outage', 'cloud', 'serverless', 'ai', 'kubernetes'];
const COUNTRIES = ['DE', 'FR', 'US', undefined];

function makePosts(n: number): EnrichedPost[] {
  const rng = createRng(12);
  return Array.from({ length: n }, (_, i) => {
    const day = 10 + rng.int(0, 13); // 2026-11-10 .. 2026-11-23
    const tags = [...new Set(Array.from({ length: rng.int(0, 3) }, () => rng.pick(TAGS)))];
    const cc = rng.pick(COUNTRIES);
    return {
      id: `demo:${i}`,
      source: rng.pick(['demo', 'x', 'bsky'] as const),
      text: `post ${i}`,
      createdAt: `2026-11-${day}T${String(rng.int(0, 23)).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}:00.000Z`,
      ...(rng.int(0, 5) > 0 ? { lang: rng.pick(['en', 'de', 'fr']) } : {}),
      author: { id: `a${i}` },
      hashtags: tags.map((key) => ({ key, display: key })),
      cashtags: [],
      ...(cc ? { place: { id: `${cc}:x`, name: 'x', countryCode: cc } } : {}),
      enrichStatus: 'OK' as const,
      sentiment: rng.pick(SENTIMENTS),
    };
  });
}

const posts = makePosts(600);
/** Copies: every post once, every 7th again later with another sentiment (a reprocessing). */
const first = posts.map((p) => archiveRecordOf(p, new Date('2026-11-24T00:00:00Z')));
const second = posts
  .filter((_, i) => i % 7 === 0)
  .map((p) => archiveRecordOf({ ...p, sentiment: 'MIXED' }, new Date('2026-11-25T00:00:00Z')));
/** Every 11th post is taken back later (deleted, or replaced by an edit): its removal copy. */
const removals = posts
  .filter((_, i) => i % 11 === 5)
  .map((p) => removalRecordOf(p, new Date('2026-11-26T00:00:00Z')));
const latest = new Map<string, ArchiveRecord>();
for (const r of [...first, ...second, ...removals]) latest.set(r.id, r);
const view = [...latest.values()].filter((r) => r.removed_at === null);

const counts = (rs: ArchiveRecord[]) => ({
  posts: rs.length,
  positive: rs.filter((r) => r.sentiment === 'POSITIVE').length,
  negative: rs.filter((r) => r.sentiment === 'NEGATIVE').length,
  neutral: rs.filter((r) => r.sentiment === 'NEUTRAL').length,
  mixed: rs.filter((r) => r.sentiment === 'MIXED').length,
});
const groupBy = <K extends string>(
  rs: ArchiveRecord[],
  key: (r: ArchiveRecord) => K[],
): Map<K, ArchiveRecord[]> => {
  const m = new Map<K, ArchiveRecord[]>();
  for (const r of rs) for (const k of key(r)) m.set(k, [...(m.get(k) ?? []), r]);
  return m;
};
const FROM = '2026-11-12';
const TO = '2026-11-20';
const inRange = view.filter(
  (r) => archivePartition(r.created_at).dt >= FROM && archivePartition(r.created_at).dt <= TO,
);
/** Monday of the record's week, UTC. */
const weekOf = (iso: string): string => {
  const d = new Date(iso.slice(0, 10) + 'T00:00:00Z');
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d.toISOString().slice(0, 10);
};

let dir: string;
let db: ArchiveDb;
const run = (name: string, values: Record<string, string>) => {
  const q = NAMED_QUERIES.get(name)!;
  return db.query(q.sql, bindValues(q, values));
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'duckdb-queries-'));
  const writer = await createParquetWriter({
    compression: 'SNAPPY',
    scratchDir: join(dir, '.scratch'),
  });
  let n = 0;
  for (const batch of [first, second, removals]) {
    for (const [folder, group] of groupBy(batch, (r) => {
      const { dt, hour } = archivePartition(r.created_at);
      return [`posts/dt=${dt}/hour=${hour}`];
    })) {
      await writer.write(join(dir, folder, `f-${n++}.parquet`), group);
    }
  }
  writer.close();
  db = await openArchive({ tableDir: join(dir, 'posts'), viewSql: POSTS_VIEW_SQL });
});
afterAll(() => {
  db?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the posts view in DuckDB', () => {
  it('keeps one row per post id, the newest copy', async () => {
    const all = await db.query('SELECT count(*) AS n, count(DISTINCT id) AS ids FROM posts');
    const live = posts.length - removals.length;
    expect(all.rows).toEqual([{ n: live, ids: live }]);
    const raw = await db.query('SELECT count(*) AS n FROM posts_archive');
    expect(raw.rows).toEqual([{ n: first.length + second.length + removals.length }]);
    const reprocessed = await db.query("SELECT sentiment FROM posts WHERE id = 'demo:7'");
    expect(reprocessed.rows).toEqual([{ sentiment: 'MIXED' }]);
  });

  it('leaves out posts taken back (deleted, or replaced by an edit)', async () => {
    const gone = await db.query(`SELECT count(*) AS n FROM posts WHERE id = '${removals[0]!.id}'`);
    expect(gone.rows).toEqual([{ n: 0 }]);
    expect(removals.length).toBeGreaterThan(40);
  });

  it('has the documented columns, typed', async () => {
    const r = await db.query(
      'SELECT id, source, text, created_at, lang, sentiment, hashtags, country_code FROM posts LIMIT 1',
    );
    expect(r.columns).toEqual([
      { name: 'id', type: 'string' },
      { name: 'source', type: 'string' },
      { name: 'text', type: 'string' },
      { name: 'created_at', type: 'timestamp' },
      { name: 'lang', type: 'string' },
      { name: 'sentiment', type: 'string' },
      { name: 'hashtags', type: 'array' },
      { name: 'country_code', type: 'string' },
    ]);
  });
});

describe('named queries in DuckDB', () => {
  it('top-hashtags-per-day: the 10 most used tags of each day with their sentiment', async () => {
    const expected = [...groupBy(inRange, (r) => [archivePartition(r.created_at).dt])]
      .sort(([a], [b]) => a.localeCompare(b))
      .flatMap(([day, rs]) =>
        [...groupBy(rs, (r) => r.hashtags)]
          .map(([tag, t]) => ({ day, tag, ...counts(t) }))
          .sort((a, b) => b.posts - a.posts || a.tag.localeCompare(b.tag))
          .slice(0, 10),
      );
    const got = await run('top-hashtags-per-day', { from: FROM, to: TO });
    expect(got.rows).toEqual(expected);
    expect(got.rows.length).toBeGreaterThan(20);
  });

  it('sentiment-by-country-per-week: a tag per country per week', async () => {
    const tagged = inRange.filter((r) => r.hashtags.includes('aws') && r.country_code !== null);
    const expected = [...groupBy(tagged, (r) => [`${weekOf(r.created_at)}|${r.country_code}`])]
      .map(([k, rs]) => ({ week: k.split('|')[0], country_code: k.split('|')[1], ...counts(rs) }))
      .sort(
        (a, b) =>
          a.week!.localeCompare(b.week!) ||
          b.posts - a.posts ||
          a.country_code!.localeCompare(b.country_code!),
      );
    expect(
      (await run('sentiment-by-country-per-week', { tag: 'aws', from: FROM, to: TO })).rows,
    ).toEqual(expected);
  });

  it('posts-per-language-source-per-hour', async () => {
    const expected = [
      ...groupBy(inRange, (r) => [`${r.created_at.slice(0, 13)}|${r.lang ?? 'und'}|${r.source}`]),
    ]
      .map(([k, rs]) => {
        const [hour, lang, source] = k.split('|');
        return { hour_start: `${hour}:00:00.000Z`, lang, source, posts: rs.length };
      })
      .sort(
        (a, b) =>
          a.hour_start.localeCompare(b.hour_start) ||
          b.posts - a.posts ||
          a.lang!.localeCompare(b.lang!) ||
          a.source!.localeCompare(b.source!),
      );
    expect((await run('posts-per-language-source-per-hour', { from: FROM, to: TO })).rows).toEqual(
      expected,
    );
  });

  it('co-occurring-hashtags: the tags posts with a tag also carry', async () => {
    const withTag = inRange.filter((r) => r.hashtags.includes('outage'));
    const expected = [...groupBy(withTag, (r) => r.hashtags.filter((t) => t !== 'outage'))]
      .map(([tag, rs]) => {
        const { posts: n, ...sentiments } = counts(rs);
        return {
          tag,
          posts: n,
          days: new Set(rs.map((r) => archivePartition(r.created_at).dt)).size,
          ...sentiments,
        };
      })
      .sort((a, b) => b.posts - a.posts || a.tag.localeCompare(b.tag))
      .slice(0, 25);
    const got = await run('co-occurring-hashtags', { tag: 'outage', from: FROM, to: TO });
    expect(got.rows).toEqual(expected);
    expect(got.rows.map((r) => r.tag)).not.toContain('outage');
  });

  it('binds values, never splices them: a quote in a tag is just a tag', async () => {
    const got = await run('co-occurring-hashtags', { tag: "x' OR '1'='1", from: FROM, to: TO });
    expect(got.rows).toEqual([]);
  });
});
