import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** The repository root: the nearest folder holding template.yaml, from the working directory up. */
export function findRepoRoot(start = process.cwd()): string {
  let dir = resolve(start);
  for (;;) {
    if (existsSync(join(dir, 'template.yaml'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`No template.yaml found above ${start}`);
    dir = parent;
  }
}
