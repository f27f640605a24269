/**
 * `npm run bench:startup`: seconds from `npm start` to the dashboard showing hashtags in headless
 * Chromium, as a new user meets it. Not a test: it measures, it does not judge.
 *
 *   npm run bench:startup -- [--runs 1] [--mode first|later|both] [--port 3199]
 *
 * first: what a fresh clone with its packages installed has not: the dashboard and Angular's
 *        cache, the functions' bundles (dist/, with V8's compiled code and the learned warm order)
 *        and DynamoDB Local's class data are removed, so `npm start` builds and records them all;
 *        the run is stopped once the class data is recorded (a first session lasts that long).
 *        later: nothing changed since the last start.
 * The browser opens the page when `npm start` prints "Ready" (what a user does), and the clock
 * stops when the hashtag table has a row. The browser is started before the clock. What each run's
 * `npm start` printed, with the second of each line, goes to bench/results/startup-<mode>.log.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { launchChromium } from '../tests/e2e/support/browser';
import { findRepoRoot } from '../local/paths';
import { classDataStatus, defaultCacheRoot } from '../local/services/dynamodb-cds';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '1' },
    mode: { type: 'string', default: 'both' },
    port: { type: 'string', default: '3199' },
    out: { type: 'string', default: 'bench/results/startup.json' },
  },
});
const runs = Number(values.runs);
const modes = values.mode === 'both' ? ['first', 'later'] : [values.mode];
if (!modes.every((m) => m === 'first' || m === 'later') || !(runs >= 1)) {
  console.error('usage: npm run bench:startup -- [--runs N] [--mode first|later|both]');
  process.exit(2);
}
const root = findRepoRoot();
const TIMEOUT_MS = 120_000;

interface Run {
  mode: string;
  readyS: number;
  hashtagsS: number;
  load: number;
}

const CLASS_DATA_WAIT_MS = 90_000;

/** Waits until a class-data archive (or a Java's refusal to make one) is in the cache. */
async function classDataRecorded(withinMs: number): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  while (Date.now() < deadline) {
    const status = classDataStatus();
    if (status !== 'none') return status === 'recorded';
    await new Promise((r) => setTimeout(r, 500));
  }
  return false;
}

async function once(mode: string, browser: Awaited<ReturnType<typeof launchChromium>>) {
  if (mode === 'first') {
    for (const made of [
      join(root, 'frontend', 'dist'),
      join(root, 'frontend', '.angular'),
      join(root, 'dist'),
      defaultCacheRoot(),
    ]) {
      rmSync(made, { recursive: true, force: true });
    }
  }
  const load = loadavg()[0] ?? 0;
  const started = performance.now();
  const child = spawn('npm', ['start', '--', '--port', values.port], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const seconds = (): number => Math.round((performance.now() - started) / 100) / 10;
  const log: string[] = [];
  const keep = (chunk: Buffer): void => {
    log.push(chunk.toString().replace(/^(?=.)/gm, `[${seconds().toFixed(1)}] `));
  };
  child.stderr.on('data', keep);
  try {
    const readyS = await new Promise<number>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        keep(chunk);
        if (/^Ready in /m.test(out)) resolve(seconds());
      });
      child.once('exit', (code) =>
        reject(new Error(`npm start exited with ${code}:\n${log.join('')}`)),
      );
    });
    const page = await browser.newPage();
    await page.goto(`http://localhost:${values.port}/`);
    await page.waitForSelector('[data-testid="hashtag-row"]', { timeout: TIMEOUT_MS });
    const hashtagsS = seconds();
    await page.close();
    log.push(`[${hashtagsS.toFixed(1)}] (bench) first hashtag row\n`);
    if (mode === 'first') {
      // A user's first start runs longer than this; before it ends it records DynamoDB Local's
      // class data (about 20 s after the JVM answers), which every later start maps.
      const recorded = await classDataRecorded(CLASS_DATA_WAIT_MS);
      log.push(
        `[${seconds().toFixed(1)}] (bench) class data ${recorded ? 'recorded' : 'NOT recorded'}\n`,
      );
    }
    return { mode, readyS, hashtagsS, load: Math.round(load * 10) / 10 };
  } finally {
    // What npm start printed, with the seconds since the clock started: where a slow run went.
    mkdirSync(join(root, 'bench', 'results'), { recursive: true });
    writeFileSync(join(root, 'bench', 'results', `startup-${mode}.log`), log.join(''));
    // npm start -> bootstrap -> node: the whole group gets Ctrl-C's SIGINT.
    const exited = new Promise((r) => child.once('exit', r));
    if (child.exitCode === null && child.pid) process.kill(-child.pid, 'SIGINT');
    await exited;
  }
}

async function main(): Promise<void> {
  const browser = await launchChromium();
  const results: Run[] = [];
  try {
    for (const mode of modes) {
      for (let i = 0; i < runs; i++) {
        const r = await once(mode, browser);
        results.push(r);
        console.log(
          `${r.mode.padEnd(6)} Ready ${r.readyS.toFixed(1)} s, hashtags on the dashboard ${r.hashtagsS.toFixed(1)} s (load ${r.load})`,
        );
      }
    }
  } finally {
    await browser.close();
  }
  const out = join(root, values.out);
  mkdirSync(join(out, '..'), { recursive: true });
  writeFileSync(
    out,
    JSON.stringify({ at: new Date().toISOString(), cpus: cpus().length, results }, null, 2),
  );
}

void main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
