import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { build, type BuildOptions } from 'esbuild';
import type { FunctionDef } from '../template/types';
import { esbuildTarget } from './node-runtime';

/**
 * Bundles template functions like `sam build` with esbuild: one CommonJS bundle per function in
 * dist/functions/<LogicalId>/<handler file>.js, so `Handler: handler.handler` resolves as in Lambda.
 */

export const BUILD_OPTIONS_VERSION = 5;

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
    .update(
      JSON.stringify([
        BUILD_OPTIONS_VERSION,
        fn.entryPoint,
        fn.handlerFile,
        targetOf(fn),
        fn.external,
        fn.loader ?? {},
      ]),
    )
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

/**
 * What esbuild compiles for: the template's Metadata.BuildProperties.Target, as `sam build` uses
 * it, else the function's runtime (`nodejs22.x` -> `node22`). The template test checks that the
 * two agree, so the local bundle and the deployed one target the Node that Lambda runs.
 */
export const targetOf = (fn: Pick<FunctionDef, 'runtime' | 'target'>): string =>
  fn.target ?? esbuildTarget(fn.runtime);

const esbuildOptions: BuildOptions = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  sourcemap: true,
  // Keep names readable in stack traces; Lambda's deployed bundle may be minified, local is not.
  minify: false,
  // ESM-only packages (eld) bundle fine as CommonJS; prefer their ESM entry so esbuild can convert it.
  mainFields: ['module', 'main'],
  metafile: true,
  logLevel: 'silent',
};

interface Job {
  fn: FunctionDef;
  outDir: string;
  bundle: string;
  stampFile: string;
  key: string;
}

function jobOf(root: string, fn: FunctionDef, outRoot: string): Job {
  const outDir = functionOutDir(outRoot, fn.logicalId);
  return {
    fn,
    outDir,
    bundle: bundlePath(outRoot, fn),
    stampFile: join(outDir, '.build-stamp.json'),
    key: optionsKey(fn),
  };
}

/**
 * Bundles several functions in one esbuild run: the modules they share (the AWS SDK above all)
 * are parsed once instead of once per function, which makes a cold build several times cheaper.
 */
async function bundleTogether(root: string, outRoot: string, jobs: Job[]): Promise<void> {
  for (const job of jobs) {
    if (!existsSync(job.fn.entryPoint)) {
      throw new Error(
        `${job.fn.logicalId}: entry point ${relative(root, job.fn.entryPoint)} does not exist`,
      );
    }
    rmSync(job.outDir, { recursive: true, force: true });
    mkdirSync(job.outDir, { recursive: true });
  }
  const outBase = join(outRoot, 'dist', 'functions');
  const result = await build({
    ...esbuildOptions,
    entryPoints: jobs.map((j) => ({
      in: j.fn.entryPoint,
      out: `${j.fn.logicalId}/${j.fn.handlerFile}`,
    })),
    outdir: outBase,
    absWorkingDir: root,
    target: jobs[0] ? targetOf(jobs[0].fn) : undefined,
    external: jobs[0]?.fn.external ?? [],
    loader: (jobs[0]?.fn.loader ?? {}) as BuildOptions['loader'],
  });
  for (const job of jobs) {
    // The repository is "type": "module"; without this, Node would load the CommonJS bundle as ESM.
    writeFileSync(join(job.outDir, 'package.json'), '{ "type": "commonjs" }\n');
    const output = result.metafile?.outputs[relative(root, job.bundle)];
    writeFileSync(job.stampFile, JSON.stringify(stampOf(root, output?.inputs ?? {}, job.key)));
  }
}

/** `outRoot` is where dist/functions/ goes (default: the repository root). */
export async function buildFunction(
  root: string,
  fn: FunctionDef,
  opts: { force?: boolean; outRoot?: string } = {},
): Promise<BuiltFunction> {
  const [built] = await buildFunctions(root, [fn], opts);
  return built!;
}

function stampOf(root: string, inputs: Record<string, unknown>, key: string): BuildStamp {
  const stamp: BuildStamp['inputs'] = {};
  for (const file of Object.keys(inputs)) {
    // esbuild names virtual inputs with a namespace prefix (e.g. "<define:...>"); only files count.
    if (file.includes(':') || file.startsWith('<')) continue;
    const st = statSync(join(root, file), { throwIfNoEntry: false });
    if (st) stamp[file] = { size: st.size, mtimeMs: st.mtimeMs };
  }
  return { key, inputs: stamp };
}

function describeBuildError(err: unknown): string {
  return err && typeof err === 'object' && 'errors' in err && Array.isArray(err.errors)
    ? (err.errors as { text: string; location?: { file: string; line: number } }[])
        .map((e) => `  ${e.location ? `${e.location.file}:${e.location.line}: ` : ''}${e.text}`)
        .join('\n')
    : String(err);
}

/**
 * Builds every function whose sources changed, in one esbuild run per set of targets, externals
 * and loaders; a failure names the functions and esbuild's errors.
 */
export async function buildFunctions(
  root: string,
  functions: FunctionDef[],
  opts: { force?: boolean; outRoot?: string } = {},
): Promise<BuiltFunction[]> {
  const outRoot = opts.outRoot ?? root;
  const jobs = functions.map((fn) => jobOf(root, fn, outRoot));
  const stale = jobs.filter((j) => opts.force || !upToDate(root, j.stampFile, j.key, j.bundle));
  const groups = new Map<string, Job[]>();
  for (const job of stale) {
    const k = JSON.stringify([targetOf(job.fn), [...job.fn.external].sort(), job.fn.loader ?? {}]);
    groups.set(k, [...(groups.get(k) ?? []), job]);
  }
  await Promise.all(
    [...groups.values()].map((group) =>
      bundleTogether(root, outRoot, group).catch((err: unknown) => {
        const names = group.map((j) => j.fn.logicalId).join(', ');
        throw new Error(`Build of ${names} failed:\n${describeBuildError(err)}`);
      }),
    ),
  );
  return jobs.map((j) => ({
    logicalId: j.fn.logicalId,
    bundle: j.bundle,
    rebuilt: stale.includes(j),
  }));
}
