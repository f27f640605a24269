/**
 * Runs the local stack in a child process (stack-process.ts) so a test can kill all of it at once
 * (SIGKILL to the process group: functions, kinesalite, the queue, the pollers, and through its
 * guard DynamoDB Local's JVM) and start it again on the same data folder.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findRepoRoot } from '../../../local/paths';
import type { StackView } from './measure';

const READY_PREFIX = 'FAULTS-STACK-READY ';
const START_BUDGET_MS = 180_000;

export interface ChildStack {
  view: StackView;
  pid: number;
  /** SIGKILL to the whole process group, then waits until DynamoDB Local's JVM is gone too. */
  kill(): Promise<void>;
  /** SIGTERM (a graceful stop), SIGKILL if it takes over 10 s. */
  stop(): Promise<void>;
}

/** Pids of processes whose command line mentions `needle` (Linux /proc; empty elsewhere). */
function pidsMentioning(needle: string): number[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  const found: number[] = [];
  for (const e of entries) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const cmd = readFileSync(join('/proc', e, 'cmdline'), 'utf8');
      if (cmd.includes(needle)) found.push(Number(e));
    } catch {
      // Gone meanwhile.
    }
  }
  return found;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const exited = (child: ChildProcess): Promise<void> =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once('exit', () => resolve()));

/** Starts the stack on `dataDir` in a new process group; resolves once it is ready. */
export async function startChildStack(
  dataDir: string,
  parameterOverrides: Record<string, string> = {},
): Promise<ChildStack> {
  const root = findRepoRoot();
  const script = join(root, 'tests', 'faults', 'support', 'stack-process.ts');
  const params = Object.entries(parameterOverrides).map(([k, v]) => `${k}=${v}`);
  const child = spawn(process.execPath, ['--import', 'tsx', script, dataDir, ...params], {
    cwd: root,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, POWERTOOLS_LOG_LEVEL: 'ERROR' },
  });
  let output = '';
  const view = await new Promise<StackView>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`The child stack was not ready within ${START_BUDGET_MS} ms:\n${output}`));
    }, START_BUDGET_MS);
    let buffered = '';
    child.stdout?.on('data', (b: Buffer) => {
      buffered += b.toString();
      const at = buffered.indexOf(READY_PREFIX);
      const end = at >= 0 ? buffered.indexOf('\n', at) : -1;
      if (end < 0) {
        buffered = buffered.slice(-100_000);
        return;
      }
      clearTimeout(timer);
      resolve(JSON.parse(buffered.slice(at + READY_PREFIX.length, end)) as StackView);
      buffered = '';
    });
    child.stderr?.on('data', (b: Buffer) => {
      output = (output + b.toString()).slice(-4000);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`The child stack exited (${code ?? signal}) during start-up:\n${output}`));
    });
  });
  // Function logs keep coming; unread pipes would fill up and block the child.
  child.stdout?.resume();
  child.stderr?.resume();
  const pid = child.pid!;
  const jvmMarker = join(dataDir, 'dynamodb');

  const waitForJvm = async (): Promise<void> => {
    for (let i = 0; i < 100 && pidsMentioning(jvmMarker).length > 0; i++) await sleep(100);
    // Ours for certain: its command line names our own temporary data folder.
    for (const p of pidsMentioning(jvmMarker)) {
      try {
        process.kill(p, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
  };

  return {
    view,
    pid,
    async kill() {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
      await exited(child);
      await waitForJvm();
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => {
        try {
          process.kill(-pid, 'SIGKILL');
        } catch {
          // Already gone.
        }
      }, 10_000);
      await exited(child);
      clearTimeout(timer);
      await waitForJvm();
    },
  };
}
