import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/**
 * `npm start` builds the dashboard when its build is missing or older than its sources, so the
 * README's first command serves the product on a fresh clone. The build runs beside the stack's
 * start-up (both are mostly waiting: the JVM boots while esbuild and Angular compile).
 */

/** Where `ng build` puts the app (angular.json: outputPath `dist`, the application builder). */
export const dashboardDir = (root: string): string => join(root, 'frontend', 'dist', 'browser');

/** What the build reads: a change to any of these makes the build stale. */
const INPUTS = [
  'frontend/src',
  'frontend/public',
  'frontend/angular.json',
  'frontend/tsconfig.json',
  'frontend/tsconfig.app.json',
  'package-lock.json',
];

function newestMtime(path: string): number {
  const stats = statSync(path, { throwIfNoEntry: false });
  if (!stats) return 0;
  if (!stats.isDirectory()) return stats.mtimeMs;
  let newest = stats.mtimeMs;
  for (const entry of readdirSync(path)) {
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

export type StaleReason = 'missing' | 'stale';

/** Why the dashboard needs a build, or undefined when the build is newer than every input. */
export function dashboardStaleness(root: string): StaleReason | undefined {
  const index = join(dashboardDir(root), 'index.html');
  if (!existsSync(index)) return 'missing';
  const built = statSync(index).mtimeMs;
  const inputs = Math.max(...INPUTS.map((p) => newestMtime(join(root, p))));
  return inputs > built ? 'stale' : undefined;
}

export interface DashboardBuild {
  /** Resolves when the build ends: ok, or the tail of its output. */
  done: Promise<{ ok: true; ms: number } | { ok: false; ms: number; output: string }>;
  /** True while `ng build` runs. */
  running(): boolean;
  /** Stops a running build (Ctrl-C); resolves once it has exited. */
  stop(): Promise<void>;
}

const OUTPUT_TAIL_CHARS = 4000;

/**
 * Runs the Angular CLI's production build of frontend/ in a child process, without its type check
 * (`NG_BUILD_TYPE_CHECK=0`): that check is half the build's time (10.4 s -> 5.2-5.7 s alone, on
 * 2 cores), `npm start` builds to serve the page, and `npm test` (`build:frontend`) and `npm run
 * deploy:dashboard` still build with it. A syntax error in a template still fails this build.
 */
export function startDashboardBuild(root: string): DashboardBuild {
  const started = performance.now();
  const ng = createRequire(join(root, 'package.json')).resolve('@angular/cli/bin/ng.js');
  const child: ChildProcess = spawn(process.execPath, [ng, 'build'], {
    cwd: join(root, 'frontend'),
    env: { ...process.env, NG_CLI_ANALYTICS: 'false', FORCE_COLOR: '0', NG_BUILD_TYPE_CHECK: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString('utf8')).slice(-OUTPUT_TAIL_CHARS);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let exited = false;
  const exit = new Promise<number | null>((resolve) => {
    child.once('error', (err) => {
      keep(Buffer.from(String(err)));
      exited = true;
      resolve(null);
    });
    child.once('exit', (code) => {
      exited = true;
      resolve(code);
    });
  });
  const done = exit.then((code) => {
    const ms = Math.round(performance.now() - started);
    return code === 0 ? { ok: true as const, ms } : { ok: false as const, ms, output };
  });
  return {
    done,
    running: () => !exited,
    stop: async () => {
      if (exited) return;
      child.kill('SIGTERM');
      await exit;
    },
  };
}
