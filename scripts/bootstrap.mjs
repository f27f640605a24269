// Runs before `npm start` and `npm test`: checks the Node version and installs the npm
// packages when they are missing or older than package-lock.json. Uses no dependencies.
import { execSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  console.error(
    `Node ${process.versions.node} is too old: this project needs Node 20.19 or newer.`,
  );
  process.exit(1);
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
