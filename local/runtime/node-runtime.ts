/**
 * The Node.js version Lambda runs a function on, read from its `Runtime` (`nodejs22.x`), and the
 * esbuild target that goes with it.
 */

/** `nodejs22.x` -> 22; undefined for anything that is not a Node.js runtime. */
export function runtimeMajor(runtime: string): number | undefined {
  const m = /^nodejs(\d+)\.x$/.exec(runtime);
  return m ? Number(m[1]) : undefined;
}

/** The esbuild target for a runtime: `nodejs22.x` -> `node22`. */
export function esbuildTarget(runtime: string): string {
  const major = runtimeMajor(runtime);
  if (major === undefined) throw new Error(`Not a Node.js runtime: ${runtime}`);
  return `node${major}`;
}

/**
 * The Node.js major the local stack should run the functions on: their runtime's, or, should the
 * template mix runtimes (they all run on one Node locally), the one most of them use.
 */
export function functionsRuntimeMajor(functions: { runtime: string }[]): number | undefined {
  const counts = new Map<number, number>();
  for (const f of functions) {
    const m = runtimeMajor(f.runtime);
    if (m !== undefined) counts.set(m, (counts.get(m) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0]?.[0];
}
