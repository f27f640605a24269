/**
 * Which Node runs the functions locally. The local stack runs them in worker threads of its own
 * process, so it runs them on the Node it was started with; Lambda runs them on the template's
 * `Runtime` (nodejs22.x). When the two majors differ, `npm start` and `npm run invoke` look for a
 * Node of the runtime's major and, if they find one, start again on it (README "Which Node runs
 * the functions"). The rule, first match wins:
 *
 *   1. FUNCTIONS_NODE: the path (or a command on PATH) of the node to use; `current` keeps the one
 *      running. Used whatever its version, as asked.
 *   2. The running node, when its major is the runtime's.
 *   3. `node<major>` on PATH (e.g. node22).
 *   4. The newest `<major>.x` that a version manager installed (nvm, fnm, Volta, n, asdf, mise),
 *      Homebrew's `node@<major>`, or the npm package `node@<major>` installed where .ci/run puts it:
 *      ${XDG_CACHE_HOME:-~/.cache}/social-stream-analytics/node/<major>.
 *   5. Otherwise the running node, and a notice that it is not Lambda's.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { functionsRuntimeMajor } from './node-runtime';

export interface NodeBinary {
  path: string;
  /** As `process.versions.node` says it: `22.23.3`. */
  version: string;
  /** Where it was found, for the notice: `FUNCTIONS_NODE`, `nvm`, `node22 on PATH`... */
  from: string;
}

export type FunctionsNode =
  /** The running node runs the functions; `matches` is false when its major is not the runtime's. */
  | { kind: 'current'; version: string; matches: boolean; from?: string }
  /** Another node does: the command starts again on it. */
  | { kind: 'relaunch'; node: NodeBinary };

export interface LookupOptions {
  env?: NodeJS.ProcessEnv;
  /** The running node (tests pass others). */
  execPath?: string;
  version?: string;
  home?: string;
}

const major = (version: string): number => Number(version.replace(/^v/, '').split('.')[0]);

function compareVersions(a: string, b: string): number {
  const pa = a.replace(/^v/, '').split('.').map(Number);
  const pb = b.replace(/^v/, '').split('.').map(Number);
  for (let i = 0; i < 3; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** What `<path> --version` says, without the `v`; undefined when it does not run as a node. */
export function nodeVersionOf(path: string): string | undefined {
  const r = spawnSync(path, ['-p', 'process.versions.node'], { encoding: 'utf8', timeout: 10_000 });
  const out = r.status === 0 ? r.stdout.trim() : '';
  return /^\d+\.\d+\.\d+/.test(out) ? out : undefined;
}

const isFile = (p: string): boolean => {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
};

function onPath(command: string, env: NodeJS.ProcessEnv): string | undefined {
  if (command.includes('/')) return isFile(command) ? command : undefined;
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir && isFile(join(dir, command))) return join(dir, command);
  }
  return undefined;
}

/** `<dir>/<prefix><major>.*<suffix>`, newest version first. */
function versionDirs(
  dir: string,
  prefix: string,
  want: number,
  suffix: string,
  from: string,
): { path: string; version: string; from: string }[] {
  if (!existsSync(dir)) return [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((n) => n.startsWith(prefix) && /^\d+\.\d+\.\d+$/.test(n.slice(prefix.length)))
    .map((n) => ({ version: n.slice(prefix.length), path: join(dir, n, suffix), from }))
    .filter((c) => major(c.version) === want && isFile(c.path))
    .sort((a, b) => compareVersions(b.version, a.version));
}

/** Places a Node of this major may be installed, in the order of the rule above (3 and 4). */
export function candidates(
  want: number,
  opts: LookupOptions = {},
): { path: string; from: string }[] {
  const env = opts.env ?? process.env;
  const home = opts.home ?? homedir();
  const out: { path: string; from: string }[] = [];
  const named = onPath(`node${want}`, env);
  if (named) out.push({ path: named, from: `node${want} on PATH` });

  const installed = [
    ...versionDirs(
      join(env.NVM_DIR ?? join(home, '.nvm'), 'versions', 'node'),
      'v',
      want,
      'bin/node',
      'nvm',
    ),
    ...[env.FNM_DIR, join(home, '.local', 'share', 'fnm'), join(home, '.fnm')]
      .filter((d): d is string => !!d)
      .flatMap((d) =>
        versionDirs(join(d, 'node-versions'), 'v', want, 'installation/bin/node', 'fnm'),
      ),
    ...versionDirs(
      join(env.VOLTA_HOME ?? join(home, '.volta'), 'tools', 'image', 'node'),
      '',
      want,
      'bin/node',
      'Volta',
    ),
    ...versionDirs(
      join(env.N_PREFIX ?? '/usr/local', 'n', 'versions', 'node'),
      '',
      want,
      'bin/node',
      'n',
    ),
    ...versionDirs(
      join(env.ASDF_DATA_DIR ?? join(home, '.asdf'), 'installs', 'nodejs'),
      '',
      want,
      'bin/node',
      'asdf',
    ),
    ...versionDirs(
      join(env.MISE_DATA_DIR ?? join(home, '.local', 'share', 'mise'), 'installs', 'node'),
      '',
      want,
      'bin/node',
      'mise',
    ),
  ].sort((a, b) => compareVersions(b.version, a.version));
  out.push(...installed);

  for (const brew of ['/opt/homebrew', '/usr/local', '/home/linuxbrew/.linuxbrew']) {
    const p = join(brew, 'opt', `node@${want}`, 'bin', 'node');
    if (isFile(p)) out.push({ path: p, from: 'Homebrew' });
  }
  const cache = env.XDG_CACHE_HOME || join(home, '.cache');
  const npmPackage = join(
    cache,
    'social-stream-analytics',
    'node',
    String(want),
    'node_modules',
    'node',
    'bin',
    'node',
  );
  if (isFile(npmPackage)) out.push({ path: npmPackage, from: `the npm package node@${want}` });
  return out;
}

const sameFile = (a: string, b: string): boolean => {
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return false;
  }
};

/** Applies the rule (see the top of this file) for a runtime's major, e.g. 22 for nodejs22.x. */
export function functionsNode(want: number, opts: LookupOptions = {}): FunctionsNode {
  const env = opts.env ?? process.env;
  const execPath = opts.execPath ?? process.execPath;
  const version = opts.version ?? process.versions.node;
  const current = (from?: string): FunctionsNode => ({
    kind: 'current',
    version,
    matches: major(version) === want,
    ...(from ? { from } : {}),
  });

  const asked = env.FUNCTIONS_NODE?.trim();
  if (asked === 'current') return current('FUNCTIONS_NODE=current');
  if (asked) {
    const path = onPath(asked, env);
    const v = path && nodeVersionOf(path);
    if (!path || !v) throw new Error(`FUNCTIONS_NODE=${asked} is not a node that runs`);
    return sameFile(path, execPath)
      ? current('FUNCTIONS_NODE')
      : { kind: 'relaunch', node: { path, version: v, from: 'FUNCTIONS_NODE' } };
  }
  if (major(version) === want) return current();
  for (const c of candidates(want, { ...opts, env })) {
    const v = nodeVersionOf(c.path);
    if (v && major(v) === want && !sameFile(c.path, execPath)) {
      return { kind: 'relaunch', node: { path: c.path, version: v, from: c.from } };
    }
  }
  return current();
}

/**
 * The start-up line that says which Node runs the functions when it is not the one the command
 * was started on, or not Lambda's; undefined when both are the runtime's major.
 */
export function functionsNodeNotice(
  choice: FunctionsNode,
  want: number,
  command: string,
): string | undefined {
  const runtime = `nodejs${want}.x`;
  if (choice.kind === 'relaunch') {
    const { node } = choice;
    const lambda =
      major(node.version) === want ? ` as Lambda runs ${runtime}` : `; Lambda runs ${runtime}`;
    return `functions run on Node ${node.version}${lambda} (${node.from}: ${node.path}); ${command} continues on it (it was started on Node ${process.versions.node})`;
  }
  if (choice.matches) return undefined;
  const why = choice.from ?? `no Node ${want} found; see README "Which Node runs the functions"`;
  return `functions run on Node ${choice.version}; Lambda runs ${runtime} (${why})`;
}

/**
 * Called first by `npm start` and `npm run invoke`: applies the rule for the functions' runtime,
 * prints the notice, and when another node is to run the functions starts `script` again on it
 * and returns true (this process then only waits for it and ends as it ends).
 */
export function continueOnFunctionsNode(opts: {
  command: string;
  /** The script to start again, relative to `root`. */
  script: string;
  root: string;
  functions: { runtime: string }[];
  log?: (line: string) => void;
}): boolean {
  if (process.env[RELAUNCHED_ENV]) return false;
  const want = functionsRuntimeMajor(opts.functions);
  if (want === undefined) return false;
  const choice = functionsNode(want);
  const notice = functionsNodeNotice(choice, want, opts.command);
  if (notice) (opts.log ?? console.log)(notice);
  if (choice.kind !== 'relaunch') return false;
  relaunch(choice.node, opts.script, process.argv.slice(2), opts.root);
  return true;
}

/** Set in the environment of the command started again, which then never looks again. */
export const RELAUNCHED_ENV = 'FUNCTIONS_NODE_RELAUNCHED';

/**
 * Runs this command's script again on `node` with the same arguments and terminal, and ends this
 * process as it ends. Signals sent to this process alone are passed on (Ctrl-C reaches both
 * anyway); the child sees an IPC channel close if this process dies, and stops (followParent).
 */
export function relaunch(node: NodeBinary, script: string, args: string[], cwd: string): void {
  const child = spawn(node.path, ['--import', 'tsx', script, ...args], {
    cwd,
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, [RELAUNCHED_ENV]: '1' },
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    });
  }
  child.once('error', (err) => {
    console.error(`Could not start ${node.path}: ${err.message}`);
    process.exit(1);
  });
  child.once('exit', (code, signal) => {
    process.exit(code ?? (signal === 'SIGINT' ? 130 : signal === 'SIGTERM' ? 143 : 1));
  });
}

/** In a relaunched command: calls `onParentGone` when the command that started it has ended. */
export function followParent(onParentGone: () => void): void {
  if (!process.env[RELAUNCHED_ENV] || !process.channel) return;
  process.channel.unref();
  process.once('disconnect', onParentGone);
}
