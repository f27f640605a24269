/**
 * SAM's Globals merge (https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-specification-template-anatomy-globals.html):
 * maps are merged key by key with the resource winning, lists are concatenated (globals first),
 * anything else (strings, numbers, intrinsic functions) is replaced by the resource's value.
 */

type Json = Record<string, unknown>;

function isPlainMap(v: unknown): v is Json {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const keys = Object.keys(v);
  // SAM treats an intrinsic function as an opaque value, never as a map to merge.
  return !(keys.length === 1 && (keys[0] === 'Ref' || keys[0]!.startsWith('Fn::')));
}

export function mergeGlobal(global: unknown, local: unknown): unknown {
  if (local === undefined) return global;
  if (global === undefined) return local;
  if (isPlainMap(global) && isPlainMap(local)) {
    const out: Json = { ...global };
    for (const [k, v] of Object.entries(local)) out[k] = mergeGlobal(global[k], v);
    return out;
  }
  if (Array.isArray(global) && Array.isArray(local)) return [...global, ...local];
  return local;
}

/** The function's Properties with `Globals.Function` merged in. */
export function withFunctionGlobals(properties: Json, globals: Json | undefined): Json {
  return globals ? (mergeGlobal(globals, properties) as Json) : properties;
}
