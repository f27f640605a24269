/**
 * `npm run bench:archive`: how long `npm run query -- --name top-hashtags-per-day` takes over a
 * corpus of 1,000,000 archived posts (the issue's target: at most 2 s). Not a test: it measures.
 *
 *   npm run bench:archive -- [--posts 1000000] [--rate 50] [--flush-seconds 5] [--runs 5]
 *                            [--dir .data/bench/archive-1m] [--regenerate]
 *
 * The posts are generated straight into Parquet with DuckDB, laid out as the local stack's
 * Firehose stand-in writes them when posts arrive at --rate posts/s: one file per partition per
 * --flush-seconds (at the demo's 50 posts/s and the stand-in's 5 s, 1 M posts are 4,000 files of
 * 250 posts over 5.6 hours: the many-small-files case). Columns, types and compression are the
 * Glue table's; 2% of the posts are archived twice (Firehose is at least once). Tags follow a
 * skewed (Zipf-like) distribution over 300 tags, 0 to 3 per post. After each file the partition
 * is compacted as the stand-in does after each flush (--no-compaction: the raw small files).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { ARCHIVE_COLUMNS } from '../functions/domain/archive-schema';
import { bindValues } from '../functions/domain/named-queries';
import { duckdbType, openArchive } from '../functions/history/duckdb-archive';
import { findRepoRoot } from '../local/paths';
import { loadNamedQueries, loadPostsView } from '../local/query/locate';
import { COMPACTION, createParquetWriter } from '../local/services/firehose-parquet';

const { values } = parseArgs({
  options: {
    posts: { type: 'string', default: '1000000' },
    rate: { type: 'string', default: '50' },
    'flush-seconds': { type: 'string', default: '5' },
    runs: { type: 'string', default: '5' },
    dir: { type: 'string', default: '.data/bench/archive-1m' },
    regenerate: { type: 'boolean', default: false },
    query: { type: 'string', default: 'top-hashtags-per-day' },
    'no-compaction': { type: 'boolean', default: false },
  },
});
const compaction = !values['no-compaction'];
const posts = Number(values.posts);
const rate = Number(values.rate);
const flushSeconds = Number(values['flush-seconds']);
const runs = Number(values.runs);
const START = '2026-11-01 00:00:00';
const DUPLICATES = 0.02;

const root = findRepoRoot();
const dataDir = join(root, values.dir);
const tableDir = join(dataDir, 'archive', 'posts');
const manifestFile = join(dataDir, 'manifest.json');
const manifest = {
  posts,
  rate,
  flushSeconds,
  duplicates: DUPLICATES,
  start: START,
  compaction: compaction ? COMPACTION : false,
  version: 2,
};

const load = (): string =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

async function generate(
  c: DuckDBConnection,
): Promise<{ files: number; merges: number; ms: number }> {
  const started = Date.now();
  rmSync(dataDir, { recursive: true, force: true });
  const perFile = Math.max(1, Math.round(rate * flushSeconds));
  const u = (salt: string): string => `((hash(n, '${salt}') % 1000000) / 1000000.0)`;
  // Zipf-like: small indexes far more often than large ones.
  const tag = (k: number): string => `'tag' || floor(300 * pow(${u(`t${k}`)}, 3))::INT`;
  const cast = (name: string, sql: string): string => {
    const type = ARCHIVE_COLUMNS.find((col) => col.name === name)!.type;
    return `CAST(${sql} AS ${duckdbType(type)}) AS ${name}`;
  };
  await c.run(`CREATE TABLE base AS SELECT n,
      TIMESTAMP '${START}' + to_microseconds((n * 1000000 // ${rate})::BIGINT) AS created_at,
      list_distinct(list_slice([${tag(1)}, ${tag(2)}, ${tag(3)}], 1, (hash(n, 'k') % 4)::INT)) AS hashtags
    FROM range(${posts}) t(n)`);
  const columns = [
    cast('id', `'bench:' || n`),
    cast('source', `(['x', 'bsky', 'demo'])[1 + floor(3 * ${u('s')})::INT]`),
    cast(
      'text',
      `'Post ' || n || ' on ' || array_to_string(hashtags, ' #') || repeat(' words', (hash(n, 'w') % 18)::INT)`,
    ),
    'created_at',
    cast(
      'lang',
      `(['en', 'en', 'en', 'de', 'fr', 'es', 'pt', 'ja'])[1 + floor(8 * ${u('l')})::INT]`,
    ),
    cast(
      'sentiment',
      `CASE WHEN hash(n, 'e') % 10 = 0 THEN NULL ELSE (['POSITIVE', 'NEGATIVE', 'NEUTRAL', 'MIXED'])[1 + floor(4 * ${u('m')})::INT] END`,
    ),
    cast('sentiment_positive', u('p')),
    cast('sentiment_negative', u('q')),
    cast('sentiment_neutral', u('r')),
    cast('sentiment_mixed', u('x')),
    cast('enrich_status', `'OK'`),
    'hashtags',
    cast('cashtags', `CASE WHEN hash(n, 'c') % 10 = 0 THEN ['$AMZN'] ELSE [] END`),
    cast('place_id', `CASE WHEN hash(n, 'g') % 3 = 0 THEN 'place' || (hash(n, 'h') % 500) END`),
    cast('place_name', `CASE WHEN hash(n, 'g') % 3 = 0 THEN 'Place ' || (hash(n, 'h') % 500) END`),
    cast('country', `CASE WHEN hash(n, 'g') % 3 = 0 THEN 'Country ' || (hash(n, 'h') % 30) END`),
    cast(
      'country_code',
      `CASE WHEN hash(n, 'g') % 3 = 0 THEN (['US', 'DE', 'FR', 'GB', 'JP', 'BR', 'IN', 'ES', 'IT', 'CA'])[1 + (hash(n, 'h') % 10)::INT] END`,
    ),
    cast('lat', `CASE WHEN hash(n, 'g') % 3 = 0 THEN ${u('la')} * 140 - 70 END`),
    cast('lon', `CASE WHEN hash(n, 'g') % 3 = 0 THEN ${u('lo')} * 360 - 180 END`),
    cast('author_id', `'author' || (hash(n, 'a') % 50000)`),
    cast('author_handle', `'user' || (hash(n, 'a') % 50000)`),
    cast('url', `'https://example.org/post/' || n`),
  ];
  await c.run(`CREATE TABLE gen AS
    SELECT ${columns.join(', ')}, created_at + INTERVAL 1 SECOND AS archived_at, n // ${perFile} AS file_no FROM base
    UNION ALL
    SELECT ${columns.join(', ')}, created_at + INTERVAL 60 SECOND AS archived_at, n // ${perFile} + 12 AS file_no FROM base
      WHERE hash(n, 'dup') % 1000 < ${Math.round(DUPLICATES * 1000)}`);
  await c.run(`ALTER TABLE gen ADD COLUMN dt VARCHAR; UPDATE gen SET dt = strftime(created_at, '%Y-%m-%d');
    ALTER TABLE gen ADD COLUMN hour VARCHAR; UPDATE gen SET hour = strftime(created_at, '%H')`);
  const groups = (
    await c.runAndReadAll('SELECT DISTINCT file_no, dt, hour FROM gen ORDER BY file_no, dt, hour')
  ).getRowObjectsJS();
  const names = ARCHIVE_COLUMNS.map((col) => `"${col.name}"`).join(', ');
  // After each file, what the stand-in does after each flush: merge a partition's small files.
  const compactor = await createParquetWriter({
    compression: 'SNAPPY',
    scratchDir: join(dataDir, 'scratch'),
  });
  let merges = 0;
  for (const g of groups) {
    const dir = join(tableDir, `dt=${String(g.dt)}`, `hour=${String(g.hour)}`);
    mkdirSync(dir, { recursive: true });
    const name = `ArchiveDeliveryStream-1-bench-${String(g.file_no).padStart(6, '0')}`;
    await c.run(
      `COPY (SELECT ${names} FROM gen WHERE file_no = ${String(g.file_no)} AND dt = '${String(g.dt)}' AND hour = '${String(g.hour)}') TO '${join(dir, `${name}.parquet`)}' (FORMAT parquet, COMPRESSION snappy)`,
    );
    if (compaction && (await compactor.compact(dir, `${name}-compacted.parquet`)) > 0) merges++;
  }
  compactor.close();
  rmSync(join(dataDir, 'scratch'), { recursive: true, force: true });
  await c.run('DROP TABLE gen; DROP TABLE base');
  writeFileSync(manifestFile, JSON.stringify(manifest));
  return { files: groups.length, merges, ms: Date.now() - started };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  console.log(`machine: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), load ${load()}`);
  const reuse =
    !values.regenerate &&
    existsSync(manifestFile) &&
    readFileSync(manifestFile, 'utf8') === JSON.stringify(manifest);
  if (reuse) {
    console.log(`Reusing the corpus in ${values.dir} (--regenerate to write it again)`);
  } else {
    const instance = await DuckDBInstance.create(':memory:');
    const c = await instance.connect();
    console.log(
      `Generating ${posts.toLocaleString('en-US')} archived posts at ${rate}/s, files every ${flushSeconds} s...`,
    );
    const g = await generate(c);
    c.closeSync();
    instance.closeSync();
    console.log(`  ${g.files} flushes, ${g.merges} merges, in ${(g.ms / 1000).toFixed(1)} s`);
  }
  const files = readdirSync(tableDir, { recursive: true, encoding: 'utf8' }).filter((f) =>
    f.endsWith('.parquet'),
  ).length;
  const days = readdirSync(tableDir)
    .filter((d) => d.startsWith('dt='))
    .sort();
  const from = days[0]!.slice(3);
  const to = days[days.length - 1]!.slice(3);
  const queries = loadNamedQueries(root);
  const named = queries.get(values.query)!;

  // In process: DuckDB over the folder, as the History route and npm run query run it.
  const db = await openArchive({ tableDir, viewSql: loadPostsView(root) });
  const inProcess: number[] = [];
  let rows = 0;
  const counts = await db.query(
    'SELECT count(*) AS copies, count(DISTINCT id) AS posts FROM posts_archive',
  );
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    rows = (await db.query(named.sql, bindValues(named, { from, to }))).rows.length;
    inProcess.push(performance.now() - t);
  }
  db.close();

  // The command as a person types it: npm, tsx, loading DuckDB, the query, printing the table.
  const command: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const r = spawnSync(
      'npm',
      [
        'run',
        '-s',
        'query',
        '--',
        '--data-dir',
        values.dir,
        '--name',
        values.query,
        '--param',
        `from=${from}`,
        '--param',
        `to=${to}`,
      ],
      { cwd: root, encoding: 'utf8' },
    );
    command.push(performance.now() - t);
    if (r.status !== 0) throw new Error(`npm run query failed: ${r.stderr}`);
  }
  const result = {
    corpus: { ...counts.rows[0], files, days: days.length, from, to, layout: manifest },
    query: values.query,
    rows,
    inProcessMs: {
      median: median(inProcess),
      min: Math.min(...inProcess),
      runs: inProcess.map(Math.round),
    },
    commandMs: {
      median: median(command),
      min: Math.min(...command),
      runs: command.map(Math.round),
    },
    targetMs: 2000,
    loadavgAtEnd: load(),
  };
  mkdirSync(join(root, 'bench', 'results'), { recursive: true });
  writeFileSync(
    join(root, 'bench', 'results', 'archive-query.json'),
    `${JSON.stringify(result, null, 2)}\n`,
  );
  console.log(JSON.stringify(result, null, 2));
  console.log(
    `\nnpm run query -- --name ${values.query} over ${Number(counts.rows[0]?.posts).toLocaleString('en-US')} posts in ${files} files: ` +
      `${(result.commandMs.median / 1000).toFixed(2)} s median (${(result.inProcessMs.median / 1000).toFixed(2)} s of it the query itself), target <= 2 s; load ${load()}`,
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
