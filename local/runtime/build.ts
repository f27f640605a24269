import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { build, type Metafile } from 'esbuild';
import type { FunctionDef } from '../template/types';

/**
 * Bundles template functions like `sam build` with esbuild: one CommonJS bundle per function in
 * dist/functions/<LogicalId>/<handler file>.js, so `Handler: handler.handler` resolves as in Lambda.
 */

export const BUILD_OPTIONS_VERSION = 2;

export interface BuiltFunction {
  logicalId: string;
  /** Absolute path of the bundle. */
  bundle: string;
  /** false when the sources had not changed and the previous bundle was kept. */
  rebuilt: boolean;
}

interface BuildStamp {
  key: string;
  inputs: Record<string, { size: number; mtimeMs: number }>;
}

export const functionOutDir = (root: string, logicalId: string): string =>
  join(root, 'dist', 'functions', logicalId);

export const bundlePath = (
  root: string,
  fn: Pick<FunctionDef, 'logicalId' | 'handlerFile'>,
): string => join(functionOutDir(root, fn.logicalId), `${fn.handlerFile}.js`);

function optionsKey(fn: FunctionDef): string {
  return createHash('sha1')
    .update(JSON.stringify([BUILD_OPTIONS_VERSION, fn.entryPoint, fn.handlerFile, fn.external]))
    .digest('hex');
}

/** The previous build is still good when every input file has the same size and mtime. */
function upToDate(root: string, stampFile: string, key: string, bundle: string): boolean {
  if (!existsSync(stampFile) || !existsSync(bundle)) return false;
  try {
    const stamp = JSON.parse(readFileSync(stampFile, 'utf8')) as BuildStamp;
    if (stamp.key !== key) return false;
    return Object.entries(stamp.inputs).every(([file, s]) => {
      const st = statSync(join(root, file), { throwIfNoEntry: false });
      return st !== undefined && st.size === s.size && st.mtimeMs === s.mtimeMs;
    });
  } catch {
    return false;
  }
}

/** `outRoot` is where dist/functions/ goes (default: the repository root). */
export async function buildFunction(
  root: string,
  fn: FunctionDef,
  opts: { force?: boolean; outRoot?: string } = {},
): Promise<BuiltFunction> {
  const outDir = functionOutDir(opts.outRoot ?? root, fn.logicalId);
  const bundle = bundlePath(opts.outRoot ?? root, fn);
  const stampFile = join(outDir, '.build-stamp.json');
  const key = optionsKey(fn);
  if (!opts.force && upToDate(root, stampFile, key, bundle)) {
    return { logicalId: fn.logicalId, bundle, rebuilt: false };
  }
  if (!existsSync(fn.entryPoint)) {
    throw new Error(`${fn.logicalId}: entry point ${relative(root, fn.entryPoint)} does not exist`);
  }
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const result = await build({
    entryPoints: [fn.entryPoint],
    outfile: bundle,
    absWorkingDir: root,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: true,
    // Keep names readable in stack traces; Lambda's deployed bundle may be minified, local is not.
    minify: false,
    external: fn.external,
    // ESM-only packages (eld) bundle fine as CommonJS; prefer their ESM entry so esbuild can convert it.
    mainFields: ['module', 'main'],
    metafile: true,
    logLevel: 'silent',
  });
  // The repository is "type": "module"; without this, Node would load the CommonJS bundle as ESM.
  writeFileSync(join(outDir, 'package.json'), '{ "type": "commonjs" }\n');
  writeFileSync(stampFile, JSON.stringify(stampOf(root, result.metafile, key)));
  return { logicalId: fn.logicalId, bundle, rebuilt: true };
}

function stampOf(root: string, metafile: Metafile, key: string): BuildStamp {
  const inputs: BuildStamp['inputs'] = {};
  for (const file of Object.keys(metafile.inputs)) {
    // esbuild names virtual inputs with a namespace prefix (e.g. "<define:...>"); only files count.
    if (file.includes(':') || file.startsWith('<')) continue;
    const st = statSync(join(root, file), { throwIfNoEntry: false });
    if (st) inputs[file] = { size: st.size, mtimeMs: st.mtimeMs };
  }
  return { key, inputs };
}

/** Builds every function (in parallel); a failure names the function and esbuild's errors. */
export async function buildFunctions(
  root: string,
  functions: FunctionDef[],
  opts: { force?: boolean; outRoot?: string } = {},
): Promise<BuiltFunction[]> {
  return Promise.all(
    functions.map((fn) =>
      buildFunction(root, fn, opts).catch((err: unknown) => {
        const detail =
          err && typeof err === 'object' && 'errors' in err && Array.isArray(err.errors)
            ? (err.errors as { text: string; location?: { file: string; line: number } }[])
                .map(
                  (e) =>
                    `  ${e.location ? `${e.location.file}:${e.location.line}: ` : ''}${e.text}`,
                )
                .join('\n')
            : String(err);
        throw new Error(`Build of ${fn.logicalId} failed:\n${detail}`);
      }),
    ),
  );
}
