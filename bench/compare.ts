/**
 * `npm run bench -- --compare <git ref> [--pairs N] [the bench's other options]`: runs the
 * benchmark of <ref> (checked out in a temporary worktree that shares this checkout's
 * node_modules) and then this checkout's, back to back on the same machine with the same options,
 * and prints the ratios of the figures issue #16 sets targets for. Absolute figures on a shared
 * machine move from run to run; two runs minutes apart under the same load are what can be
 * compared. With `--pairs N` the two alternate N times (the first of each pair alternating too,
 * so a drifting load favours neither) and the table shows each side's median, with every pair's
 * posts/s ratio beside it.
 *
 * Both results and the ratios are written to bench/results/compare.json.
 */
import { execFileSync, spawn } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';

/** What each run reports, from its JSON (bench/pipeline.ts; older runs write the same fields). */
export interface BenchSummary {
  postsPerSecond: number;
  writeUnitsPerPost: number;
  freshnessP95Ms: number;
  builtinUsdPerMillion: number;
  allVisible: boolean;
  loadAtEnd: number[];
}

interface BenchResult {
  posts: { endToEndPerSecond: number; allVisible: boolean };
  freshnessMs: { p95: number };
  per1000Posts: { dynamodb: { writeCapacityUnits: number } };
  cost: { reports: { engine: string; totalUsd: number }[] };
  machine: { loadavgAtEnd: number[] };
}

/** A run with the archive on and off (`--archive both`) is summarised by its last run. */
export function summarize(json: unknown): BenchSummary {
  const doc = json as BenchResult | { runs: BenchResult[] };
  const r = 'runs' in doc ? doc.runs[doc.runs.length - 1] : doc;
  if (!r?.posts || !r.per1000Posts) throw new Error('not a bench result');
  return {
    postsPerSecond: r.posts.endToEndPerSecond,
    writeUnitsPerPost: r.per1000Posts.dynamodb.writeCapacityUnits / 1000,
    freshnessP95Ms: r.freshnessMs.p95,
    builtinUsdPerMillion: r.cost.reports.find((c) => c.engine === 'builtin')?.totalUsd ?? NaN,
    allVisible: r.posts.allVisible,
    loadAtEnd: r.machine.loadavgAtEnd,
  };
}

/** Each figure's median over the runs of one side (the load of its last run). */
export function medianSummary(runs: readonly BenchSummary[]): BenchSummary {
  if (runs.length === 0) throw new Error('no runs');
  const median = (pick: (s: BenchSummary) => number): number => {
    const v = runs.map(pick).sort((a, b) => a - b);
    const mid = Math.floor(v.length / 2);
    return v.length % 2 === 1 ? v[mid]! : (v[mid - 1]! + v[mid]!) / 2;
  };
  return {
    postsPerSecond: median((s) => s.postsPerSecond),
    writeUnitsPerPost: median((s) => s.writeUnitsPerPost),
    freshnessP95Ms: median((s) => s.freshnessP95Ms),
    builtinUsdPerMillion: median((s) => s.builtinUsdPerMillion),
    allVisible: runs.every((s) => s.allVisible),
    loadAtEnd: runs[runs.length - 1]!.loadAtEnd,
  };
}

/** The value of `--pairs` (parsed by the bench's parseArgs): a whole number from 1 to 10, 1 when absent. */
export function pairsOption(raw: string | undefined): number {
  if (raw === undefined) return 1;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 10) {
    throw new Error(`--pairs expects a whole number from 1 to 10, got ${raw || 'nothing'}`);
  }
  return n;
}

export interface ComparisonRow {
  figure: string;
  before: number;
  after: number;
  /** after / before. */
  ratio: number;
  target: string;
  met: boolean;
}

/** The targets of issue #16: 3x throughput, <= 2.0 write units per post, p95 <= 3 s, half the cost. */
export function compareSummaries(before: BenchSummary, after: BenchSummary): ComparisonRow[] {
  const row = (
    figure: string,
    pick: (s: BenchSummary) => number,
    target: string,
    met: (after: number, ratio: number) => boolean,
  ): ComparisonRow => {
    const ratio = pick(after) / pick(before);
    return {
      figure,
      before: pick(before),
      after: pick(after),
      ratio,
      target,
      met: met(pick(after), ratio),
    };
  };
  return [
    row(
      'posts/s end to end',
      (s) => s.postsPerSecond,
      'ratio >= 3',
      (_, r) => r >= 3,
    ),
    row(
      'DynamoDB write units per post',
      (s) => s.writeUnitsPerPost,
      '<= 2.0',
      (a) => a <= 2,
    ),
    row(
      'freshness p95 (s)',
      (s) => s.freshnessP95Ms / 1000,
      '<= 3 s at 200 posts/s',
      (a) => a <= 3,
    ),
    row(
      'USD per million posts (builtin)',
      (s) => s.builtinUsdPerMillion,
      'ratio <= 0.5',
      (_, r) => r <= 0.5,
    ),
  ];
}

export function formatComparison(ref: string, rows: readonly ComparisonRow[]): string {
  const fmt = (v: number): string => (Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(2));
  const lines = [
    ['figure', ref, 'this checkout', 'ratio', 'target', ''],
    ...rows.map((r) => [
      r.figure,
      fmt(r.before),
      fmt(r.after),
      `${r.ratio.toFixed(2)}x`,
      r.target,
      r.met ? 'met' : 'not met',
    ]),
  ];
  const widths = lines[0]!.map((_, i) => Math.max(...lines.map((l) => l[i]!.length)));
  return lines
    .map((l) =>
      l
        .map((c, i) => c.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** The command line without `--compare <ref>` and `--out <file>` (each run gets its own out). */
export function withoutOptions(argv: readonly string[], names: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const name = names.find((n) => arg === `--${n}` || arg.startsWith(`--${n}=`));
    if (name === undefined) out.push(arg);
    else if (arg === `--${name}`) i++;
  }
  return out;
}

/** What measures DynamoDB's capacity units; copied into the compared ref's worktree. */
export const METER_FILES = ['bench/counting-proxy.ts', 'bench/write-units.ts'];

function runBench(cwd: string, args: readonly string[], out: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'bench/pipeline.ts', ...args, '--out', out],
      {
        cwd,
        stdio: 'inherit',
      },
    );
    child.once('error', reject);
    child.once('exit', (code, signal) =>
      code === 0
        ? resolve()
        : reject(new Error(`the bench in ${cwd} ended with ${signal ?? `exit code ${code}`}`)),
    );
  });
}

export async function runComparison(
  root: string,
  ref: string,
  argv: readonly string[],
  pairs = 1,
): Promise<void> {
  const git = (...args: string[]): string =>
    execFileSync('git', args, {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    }).trim();
  let sha: string;
  try {
    sha = git('rev-parse', '--verify', `${ref}^{commit}`);
  } catch {
    throw new Error(`--compare: "${ref}" is not a commit of this repository`);
  }
  const args = withoutOptions(argv, ['compare', 'out', 'pairs']);
  const out = join('bench', 'results', 'compare-run.json');
  const worktree = mkdtempSync(join(tmpdir(), 'bench-compare-'));
  // Ctrl-C reaches the runs (same process group); this process waits for them, then cleans up.
  const ignore = (): void => undefined;
  process.on('SIGINT', ignore);
  try {
    git('worktree', 'add', '--detach', worktree, sha);
    symlinkSync(join(root, 'node_modules'), join(worktree, 'node_modules'), 'dir');
    // Both versions measured with one meter, this checkout's: an older ref's proxy may count
    // differently (before write-units.ts, transactions were taken at DynamoDB Local's word).
    for (const file of METER_FILES) copyFileSync(join(root, file), join(worktree, file));
    const runRef = async (): Promise<BenchSummary> => {
      console.error(`=== ${ref} (${sha.slice(0, 7)}), in ${worktree}`);
      await runBench(worktree, args, out);
      return summarize(JSON.parse(readFileSync(join(worktree, out), 'utf8')));
    };
    const runHere = async (): Promise<BenchSummary> => {
      console.error('=== this checkout');
      await runBench(root, args, out);
      return summarize(JSON.parse(readFileSync(join(root, out), 'utf8')));
    };
    const befores: BenchSummary[] = [];
    const afters: BenchSummary[] = [];
    for (let pair = 0; pair < pairs; pair++) {
      if (pair % 2 === 0) {
        befores.push(await runRef());
        afters.push(await runHere());
      } else {
        afters.push(await runHere());
        befores.push(await runRef());
      }
    }
    const before = medianSummary(befores);
    const after = medianSummary(afters);
    const rows = compareSummaries(before, after);
    console.log(
      `\n${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), load at the end of each run: ${before.loadAtEnd.join(' ')} / ${after.loadAtEnd.join(' ')}`,
    );
    if (!before.allVisible || !after.allVisible) {
      console.log(
        'Not every post sent was counted within the drain time in one of the runs: see its output.',
      );
    }
    console.log(formatComparison(ref, rows));
    if (pairs > 1) {
      const ratios = afters.map(
        (a, i) => `${(a.postsPerSecond / befores[i]!.postsPerSecond).toFixed(2)}x`,
      );
      console.log(`medians of ${pairs} pairs; posts/s ratio of each pair: ${ratios.join(' ')}`);
    }
    mkdirSync(join(root, 'bench', 'results'), { recursive: true });
    writeFileSync(
      join(root, 'bench', 'results', 'compare.json'),
      `${JSON.stringify({ ref, sha, args, pairs, befores, afters, before, after, rows }, null, 2)}\n`,
    );
  } finally {
    process.off('SIGINT', ignore);
    try {
      git('worktree', 'remove', '--force', worktree);
    } catch {
      rmSync(worktree, { recursive: true, force: true });
      git('worktree', 'prune');
    }
  }
}
