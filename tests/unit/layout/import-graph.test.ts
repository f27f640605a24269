import { readFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';
import { filesUnder, ROOT } from './support';

/**
 * What a Lambda bundles is what `functions/` imports, transitively. The local emulator (`local/`),
 * the command-line producer (`sources/`), scripts and benchmarks are tools around the product;
 * none of them may end up in a function package.
 */
const FUNCTIONS = join(ROOT, 'functions');

const compilerOptions: ts.CompilerOptions = {
  module: ts.ModuleKind.CommonJS,
  moduleResolution: ts.ModuleResolutionKind.Node10,
  resolveJsonModule: true,
};

/** Every import, export-from, require and dynamic import of a file, resolved to files in the repo. */
function importsOf(file: string, source = readFileSync(file, 'utf8')): string[] {
  const { importedFiles } = ts.preProcessFile(source, true, true);
  return importedFiles
    .filter((f) => f.fileName.startsWith('.'))
    .map((f) => {
      const r = ts.resolveModuleName(f.fileName, file, compilerOptions, ts.sys).resolvedModule;
      return r ? r.resolvedFileName : resolve(file, '..', f.fileName);
    });
}

/** Files outside `functions/` reached from `entries`, each with the first file that imports it. */
function escapes(entries: string[], read?: (file: string) => string): Map<string, string> {
  const seen = new Set<string>();
  const out = new Map<string, string>();
  const queue = [...entries];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const target of importsOf(file, read?.(file))) {
      if (!target.startsWith(FUNCTIONS + sep)) {
        if (!out.has(target)) out.set(relative(ROOT, target), relative(ROOT, file));
        continue;
      }
      queue.push(target);
    }
  }
  return out;
}

describe('the import graph', () => {
  it('keeps every function package inside functions/', () => {
    const entries = filesUnder(FUNCTIONS);
    expect(entries.length).toBeGreaterThan(50);
    expect(Object.fromEntries(escapes(entries))).toEqual({});
  });

  it('sees an import that leaves functions/, also a type-only or dynamic one', () => {
    const fake = join(FUNCTIONS, 'collector', 'handler.ts');
    const source = [
      "import type { InvokeFunction } from '../../local/types';",
      "export { run } from '../../sources/produce/run';",
      "const later = () => import('../../scripts/bootstrap.mjs');",
    ].join('\n');
    const found = escapes([fake], (f) => (f === fake ? source : readFileSync(f, 'utf8')));
    expect([...found.keys()].sort()).toEqual([
      'local/types.ts',
      'scripts/bootstrap.mjs',
      'sources/produce/run.ts',
    ]);
  });
});
