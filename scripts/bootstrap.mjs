// Runs before `npm start` and `npm test`: checks the Node version and installs the npm
// packages when they are missing or older than package-lock.json. Uses no dependencies.
import { execSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';

// The supported Node lines (README "Run it locally"): 22, which Lambda runs (nodejs22.x), and 24.
// Each line's minimum is what Angular 22 and the local services need. Node 20 reached its end of
// life in April 2026, and neither Angular 22 nor AWS SDK releases after early January 2027 run on it.
const SUPPORTED = { 22: [22, 3], 24: [15, 0] };
const [major, minor, patch] = process.versions.node.split('.').map(Number);
const min = SUPPORTED[major];
const atLeast = ([m, p]) => minor > m || (minor === m && patch >= p);
if (major < 22 || (min && !atLeast(min))) {
  const lines = Object.entries(SUPPORTED).map(
    ([M, [m, p]]) => `Node ${M} (${M}.${m}.${p} or newer)`,
  );
  console.error(
    `Node ${process.versions.node} is not supported: this project needs ${lines.join(' or ')}; see README "Run it locally".`,
  );
  process.exit(1);
}
if (!min) {
  console.warn(
    `Node ${process.versions.node} is not tested here (supported: Node ${Object.keys(SUPPORTED).join(' and ')}); carrying on.`,
  );
}

const marker = 'node_modules/.package-lock.json';
const stale =
  !existsSync(marker) || statSync('package-lock.json').mtimeMs > statSync(marker).mtimeMs + 1000;
if (stale) {
  console.log('Installing npm packages (first run)...');
  // `npm install` rather than `npm ci`: it honours the lockfile too, and unlike `npm ci` it
  // tolerates registry mirrors that lack other platforms' optional binaries (esbuild, swc, rollup).
  execSync('npm install --no-audit --no-fund', { stdio: 'inherit' });
}
