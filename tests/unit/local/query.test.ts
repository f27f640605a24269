import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { archiveRecordOf } from '../../../functions/domain/archive';
import type { EnrichedPost } from '../../../functions/domain/workflow';
import { findRepoRoot } from '../../../local/paths';
import { formatCsv, formatJsonLines, formatTable } from '../../../local/query/format';
import { runQuery } from '../../../local/query/run';
import { createParquetWriter } from '../../../local/services/firehose-parquet';

/** `npm run query`: SQL and named queries over a data folder's corpus, as a table, CSV or JSON. */

const root = findRepoRoot();
let dataDir: string;

const post = (i: number, tags: string[], text = `post ${i}`): EnrichedPost => ({
  id: `demo:${i}`,
  source: 'demo',
  text,
  createdAt: `2026-11-2${i % 3}T10:00:00.000Z`,
  author: { id: 'a' },
  hashtags: tags.map((key) => ({ key, display: key })),
  cashtags: [],
  enrichStatus: 'OK',
  sentiment: i % 2 ? 'POSITIVE' : 'NEGATIVE',
});

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'query-test-'));
  const writer = await createParquetWriter({
    compression: 'SNAPPY',
    scratchDir: join(dataDir, 'scratch'),
  });
  const at = new Date('2026-11-23T00:00:00Z');
  for (const day of [0, 1, 2]) {
    const dir = join(dataDir, 'archive', 'posts', `dt=2026-11-2${day}`, 'hour=10');
    mkdirSync(dir, { recursive: true });
    const records = [0, 1, 2, 3, 4, 5]
      .filter((i) => i % 3 === day)
      .map((i) =>
        archiveRecordOf(
          post(i, i < 4 ? ['aws', 'cloud'] : ['aws'], i === 5 ? 'say "hi", then\nbye' : undefined),
          at,
        ),
      );
    await writer.write(join(dir, 'a.parquet'), records);
  }
  writer.close();
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

async function query(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runQuery(argv, root, {
    out: (t) => void (out += `${t}\n`),
    err: (t) => void (err += `${t}\n`),
    now: new Date('2026-11-23T12:00:00Z'),
  });
  return { code, out, err };
}

describe('npm run query', () => {
  it('runs SQL over the posts view and prints an aligned table', async () => {
    const r = await query(
      '--data-dir',
      dataDir,
      'SELECT dt, count(*) AS posts FROM posts GROUP BY dt ORDER BY dt',
    );
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(r.out).toBe(
      [
        'dt          posts',
        '----------  -----',
        '2026-11-20      2',
        '2026-11-21      2',
        '2026-11-22      2',
        '(3 rows)',
        '',
      ].join('\n'),
    );
  });

  it('runs a named query with its parameters, as CSV and as JSON lines', async () => {
    const csv = await query(
      '--data-dir',
      dataDir,
      '--name',
      'co-occurring-hashtags',
      '--param',
      'tag=aws',
      '--csv',
    );
    expect(csv.code).toBe(0);
    expect(csv.out).toBe('tag,posts,days,positive,negative,neutral,mixed\r\ncloud,4,3,2,2,0,0\n');
    const json = await query(
      '--data-dir',
      dataDir,
      '--name',
      'top-hashtags-per-day',
      '--param',
      'from=2026-11-21',
      '--json',
    );
    expect(
      json.out
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as unknown),
    ).toEqual([
      { day: '2026-11-21', tag: 'aws', posts: 2, positive: 1, negative: 1, neutral: 0, mixed: 0 },
      { day: '2026-11-21', tag: 'cloud', posts: 1, positive: 1, negative: 0, neutral: 0, mixed: 0 },
      { day: '2026-11-22', tag: 'aws', posts: 2, positive: 1, negative: 1, neutral: 0, mixed: 0 },
      { day: '2026-11-22', tag: 'cloud', posts: 1, positive: 0, negative: 1, neutral: 0, mixed: 0 },
    ]);
  });

  it('lists the named queries', async () => {
    const r = await query('--list');
    expect(r.out).toContain('co-occurring-hashtags (tag, from, to)');
    expect(r.out).toContain('top-hashtags-per-day (from, to)');
  });

  it.each([
    [['--data-dir', 'DIR', 'SELECT nope FROM posts'], 1, /^Query failed: Binder Error: .*nope/],
    [['--data-dir', 'DIR', 'SELEC 1'], 1, /^Query failed: .*Parser Error: syntax error/],
    [['--data-dir', 'DIR', '--name', 'nope'], 2, /^query must be one of /],
    [['--data-dir', 'DIR', '--name', 'co-occurring-hashtags'], 2, /^tag is required/],
    [
      ['--data-dir', 'DIR', '--name', 'top-hashtags-per-day', '--param', 'when=now'],
      2,
      /^--param expects tag\|from\|to=VALUE/,
    ],
    [
      ['--data-dir', 'DIR', '--name', 'top-hashtags-per-day', 'SELECT 1'],
      2,
      /^Give either SQL or --name/,
    ],
    [['--data-dir', 'DIR', 'SELECT 1', '--csv', '--json'], 2, /cannot be combined/],
    [['--data-dir', '/nonexistent/folder', 'SELECT 1'], 2, /^No such folder/],
  ])('%j exits %i with a clear message', async (argv, code, message) => {
    const r = await query(...argv.map((a) => (a === 'DIR' ? dataDir : a)));
    expect(r.code).toBe(code);
    expect(r.err).toMatch(message);
    expect(r.out).toBe('');
  });
});

describe('output formats', () => {
  const result = {
    columns: [
      { name: 'tag', type: 'string' as const },
      { name: 'n', type: 'number' as const },
      { name: 'tags', type: 'array' as const },
    ],
    rows: [
      { tag: 'a,"b"', n: 1, tags: ['x', 'y'] },
      { tag: null, n: 22, tags: [] },
    ],
    truncated: true,
  };
  it('quotes CSV fields that need it, and writes null as empty', () => {
    expect(formatCsv(result)).toBe('tag,n,tags\r\n"a,""b""",1,"[""x"",""y""]"\r\n,22,[]');
  });
  it('keeps JSON lines in column order', () => {
    expect(formatJsonLines(result)).toBe(
      '{"tag":"a,\\"b\\"","n":1,"tags":["x","y"]}\n{"tag":null,"n":22,"tags":[]}',
    );
  });
  it('right-aligns numbers and says when rows were left out', () => {
    expect(formatTable(result)).toBe(
      [
        'tag     n  tags',
        '-----  --  ---------',
        'a,"b"   1  ["x","y"]',
        '       22  []',
        '(2 rows, more not shown)',
      ].join('\n'),
    );
  });
});
