// Jest's globalTeardown: no process may outlive the test run. Every test stops what it started
// (stacks, DynamoDB Local's JVM, Chromium); should one not, this names the leftover child
// processes on stderr and ends them, so the run still exits and the leak shows in the log.
// (A CI run once finished every test and then hung on "Jest did not exit"; not reproduced since.)
import { execFileSync } from 'node:child_process';

function children(pid) {
  if (process.platform !== 'linux') return [];
  let out = '';
  try {
    out = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(pid)], { encoding: 'utf8' });
  } catch {
    return []; // ps exits 1 when there is none
  }
  return (
    out
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean)
      .map((line) => {
        const [pidText, ...args] = line.split(/\s+/);
        return { pid: Number(pidText), args: args.join(' ') };
      })
      // ps itself, run just now.
      .filter((c) => !c.args.startsWith('ps -o pid=,args='))
  );
}

export default async function leftoverProcesses() {
  const left = children(process.pid);
  if (left.length === 0) return;
  console.error(
    `\nleftover-processes: ${left.length} child process(es) outlived the tests; ending them:\n` +
      left.map((c) => `  ${c.pid} ${c.args.slice(0, 200)}`).join('\n'),
  );
  for (const c of left) {
    try {
      // Their own process group first (DynamoDB Local's guard and JVM share one), then the pid.
      process.kill(-c.pid, 'SIGKILL');
    } catch {
      try {
        process.kill(c.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
  }
}
