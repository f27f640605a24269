/**
 * The corpus through the whole local stack: known posts replayed from a file (the producer's
 * replay, ids kept) are counted, archived as Parquet under the data folder, and after a stop and
 * a start on the same folder `npm run query` returns each of them exactly once with its
 * sentiment; the named queries agree with the API's aggregates for the same posts; the History
 * route answers the same; and an archive backfill of the period counts nothing twice.
 */
import { EventEmitter } from 'node:events';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { findRepoRoot } from '../../local/paths';
import { runQuery } from '../../local/query/run';
import { startLocalStack, type LocalStack } from '../../local/stack';
import { runProduce } from '../../sources/produce/run';
import { expectedFrom, knownPostSpecs, renderRecord, type PostSpec } from './support/known-posts';
import { api, pollUntil, putRecords, stats, waitForPosts } from './support/stack';

jest.setTimeout(300_000);

const root = findRepoRoot();
const runId = String(Date.now() % 1_000_000_000);
const dataDir = mkdtempSync(join(tmpdir(), 'archive-itest-'));
const producerRoot = mkdtempSync(join(tmpdir(), 'archive-itest-producer-'));
const day = (d: Date): string => d.toISOString().slice(0, 10);
const quiet = new Writable({ write: (_c, _e, done) => done() });

const start = (): Promise<LocalStack> =>
  startLocalStack({
    port: 0,
    dataDir,
    source: 'none',
    quiet: true,
    runtimeFile: false,
    maxWorkersPerFunction: 1,
  });

/** The producer finds a stack through .local-stack.json; this one names the test stack. */
function pointProducerAt(stack: LocalStack): void {
  writeFileSync(
    join(producerRoot, '.local-stack.json'),
    JSON.stringify({
      pid: process.pid,
      url: stack.url,
      endpoints: stack.endpoints,
      resources: stack.resources,
      ...(stack.archive
        ? { archive: { bucketDir: stack.archive.bucketDir, tableDir: stack.archive.tableDir } }
        : {}),
    }),
  );
}

async function produce(argv: string[]): Promise<number> {
  return runProduce(argv, {
    root: producerRoot,
    stderr: quiet,
    signals: new EventEmitter(),
    env: { INIT_CWD: producerRoot },
  });
}

async function query(...argv: string[]): Promise<Record<string, unknown>[]> {
  let out = '';
  let err = '';
  const code = await runQuery(['--data-dir', dataDir, '--json', ...argv], root, {
    out: (t) => void (out += `${t}\n`),
    err: (t) => void (err += t),
  });
  if (code !== 0) throw new Error(`npm run query ${argv.join(' ')} exited ${code}: ${err}`);
  return out
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

let stack: LocalStack | undefined;
let specs: PostSpec[];
let from: string;
let to: string;

beforeAll(async () => {
  const now = new Date();
  specs = knownPostSpecs(now, runId);
  from = day(new Date(now.getTime() - 86_400_000));
  to = day(now);
  const file = join(producerRoot, 'known.jsonl');
  writeFileSync(file, specs.map((s) => JSON.stringify(renderRecord(s))).join('\n') + '\n');

  stack = await start();
  pointProducerAt(stack);
  expect(await produce(['--source', 'replay', '--file', file, '--verbatim'])).toBe(0);
  await waitForPosts(stack, specs.length);
  // Ctrl-C's path: stop() writes out what the archive still buffers.
  await stack.stop();
  stack = await start();
  pointProducerAt(stack);
});

afterAll(async () => {
  await stack?.stop();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(producerRoot, { recursive: true, force: true });
});

describe('the corpus, after a restart on the same data folder', () => {
  it('holds Parquet files under <data-dir>/archive/posts/dt=YYYY-MM-DD/hour=HH', () => {
    const files = readdirSync(join(dataDir, 'archive', 'posts'), {
      recursive: true,
      encoding: 'utf8',
    }).filter((f) => f.endsWith('.parquet'));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) expect(f).toMatch(/^dt=\d{4}-\d{2}-\d{2}\/hour=\d{2}\/[^/]+\.parquet$/);
  });

  it('npm run query returns every replayed post exactly once, with its sentiment', async () => {
    const expected = expectedFrom(specs);
    const rows = await query(
      `SELECT id, sentiment, count(*) OVER (PARTITION BY id) AS copies FROM posts WHERE id LIKE '%${runId}%' ORDER BY id`,
    );
    expect(rows.map((r) => r.id).sort()).toEqual(specs.map((s) => s.postId).sort());
    for (const r of rows) {
      expect({ id: r.id, copies: r.copies, sentiment: r.sentiment }).toEqual({
        id: r.id,
        copies: 1,
        sentiment: expected.sentimentOf.get(String(r.id)),
      });
    }
  });

  it('top-hashtags-per-day agrees with GET /hashtags and the day timelines', async () => {
    const rows = await query(
      '--name',
      'top-hashtags-per-day',
      '--param',
      `from=${from}`,
      '--param',
      `to=${to}`,
    );
    const expected = expectedFrom(specs);
    const byTag = new Map<string, Record<string, number>>();
    for (const r of rows) {
      const sum = byTag.get(String(r.tag)) ?? {
        mentions: 0,
        positive: 0,
        negative: 0,
        neutral: 0,
        mixed: 0,
      };
      sum.mentions! += Number(r.posts);
      for (const k of ['positive', 'negative', 'neutral', 'mixed']) sum[k]! += Number(r[k]);
      byTag.set(String(r.tag), sum);
    }
    const hashtags = await api<{ items: (Record<string, number> & { tag: string })[] }>(
      stack!,
      '/hashtags?window=all&limit=100',
    );
    for (const tag of expected.hashtags.keys()) {
      const item = hashtags.items.find((i) => i.tag === tag)!;
      const { mentions, positive, negative, neutral, mixed } = item;
      expect({ tag, ...byTag.get(tag) }).toEqual({
        tag,
        mentions,
        positive,
        negative,
        neutral,
        mixed,
      });
      const timeline = await api<{ points: (Record<string, number> & { t: string })[] }>(
        stack!,
        `/hashtags/${tag}/timeline?granularity=day&from=${from}T00:00:00Z&to=${to}T23:59:59Z`,
      );
      for (const p of timeline.points.filter((x) => (x.mentions ?? 0) > 0)) {
        const row = rows.find((r) => r.tag === tag && r.day === p.t.slice(0, 10))!;
        expect({
          tag,
          day: row.day,
          posts: row.posts,
          positive: row.positive,
          negative: row.negative,
        }).toEqual({
          tag,
          day: p.t.slice(0, 10),
          posts: p.mentions,
          positive: p.positive,
          negative: p.negative,
        });
      }
    }
  });

  it('posts-per-language-source-per-hour agrees with the hourly timeline of all posts', async () => {
    const rows = await query(
      '--name',
      'posts-per-language-source-per-hour',
      '--param',
      `from=${from}`,
      '--param',
      `to=${to}`,
    );
    const timeline = await api<{ points: { t: string; mentions: number }[] }>(
      stack!,
      `/hashtags/_all/timeline?granularity=hour&from=${from}T00:00:00Z&to=${to}T23:59:59Z`,
    );
    const perHour = new Map<string, number>();
    for (const r of rows)
      perHour.set(String(r.hour_start), (perHour.get(String(r.hour_start)) ?? 0) + Number(r.posts));
    const api_ = new Map(
      timeline.points
        .filter((p) => p.mentions > 0)
        .map((p) => [new Date(p.t).toISOString(), p.mentions]),
    );
    expect(perHour).toEqual(api_);
  });

  it('sentiment-by-country-per-week and co-occurring-hashtags answer what the known posts imply', async () => {
    const expected = expectedFrom(specs);
    const countries = await query(
      '--name',
      'sentiment-by-country-per-week',
      '--param',
      'tag=aws',
      '--param',
      `from=${from}`,
      '--param',
      `to=${to}`,
    );
    const withAws = specs.filter(
      (s) => s.hashtags.some((h) => h.toLowerCase() === 'aws') && s.place,
    );
    const perCountry = new Map<string, number>();
    for (const s of withAws)
      perCountry.set(s.place!.countryCode, (perCountry.get(s.place!.countryCode) ?? 0) + 1);
    const got = new Map<string, number>();
    for (const r of countries)
      got.set(String(r.country_code), (got.get(String(r.country_code)) ?? 0) + Number(r.posts));
    expect(got).toEqual(perCountry);

    const co = await query(
      '--name',
      'co-occurring-hashtags',
      '--param',
      'tag=kinesis',
      '--param',
      `from=${from}`,
      '--param',
      `to=${to}`,
    );
    const kinesisPosts = expected.postsByKey.get('kinesis')!;
    const together = new Map<string, number>();
    for (const [tag, ids] of expected.postsByKey) {
      if (tag === 'kinesis' || tag.startsWith('$')) continue;
      const n = [...ids].filter((id) => kinesisPosts.has(id)).length;
      if (n > 0) together.set(tag, n);
    }
    expect(new Map(co.map((r) => [String(r.tag), Number(r.posts)]))).toEqual(together);
  });

  it('GET /history/{query} answers with DuckDB what npm run query answers', async () => {
    const body = await api<{ engine: string; status: string; rows: unknown[] }>(
      stack!,
      `/history/co-occurring-hashtags?tag=kinesis&from=${from}&to=${to}`,
    );
    expect(body).toMatchObject({ engine: 'duckdb', status: 'SUCCEEDED' });
    expect(body.rows).toEqual(
      await query(
        '--name',
        'co-occurring-hashtags',
        '--param',
        'tag=kinesis',
        '--param',
        `from=${from}`,
        '--param',
        `to=${to}`,
      ),
    );
  });

  it('a backfill of the period from the archive counts nothing twice', async () => {
    const before = await stats(stack!);
    expect(await produce(['--source', 'archive', '--from', from, '--to', to])).toBe(0);
    // The stream has one shard (the template's default): once the marker, sent after the
    // backfill, is counted, every backfilled record before it has been through ingest.
    const [marker] = knownPostSpecs(new Date(), `${runId}8`).map((s): PostSpec => ({
      ...s,
      postId: `post:itest-marker-${runId}`,
      format: 'post',
    }));
    await putRecords(stack!, [{ partitionKey: marker!.postId, data: renderRecord(marker!) }]);
    const after = await pollUntil(
      () => stats(stack!),
      (s) => s.posts >= before.posts + 1,
    );
    expect(after.posts).toBe(before.posts + 1);
    // Persist archives right after counting: the marker may reach Firehose a moment after /stats
    // shows it, so the archive is written out and read until it is there.
    const archived = () =>
      query(
        `SELECT count(*) AS n, count(DISTINCT id) AS ids FROM posts WHERE id LIKE '%${runId}%'`,
      );
    let rows = await archived();
    for (let i = 0; i < 20 && Number(rows[0]?.n) < specs.length + 1; i++) {
      await new Promise((r) => setTimeout(r, 500));
      await stack!.archive!.flush();
      rows = await archived();
    }
    expect(rows).toEqual([{ n: specs.length + 1, ids: specs.length + 1 }]);
  });
});
