import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findRepoRoot } from '../../../local/paths';
import type { NormalizeResult } from '../../../functions/domain/normalize';
import type { Post } from '../../../functions/domain/post';

/** A fresh deep copy of one record of a readable fixture in tests/fixtures/formats/. */
export function fixture(file: string, index: number): Record<string, unknown> {
  const all = JSON.parse(
    readFileSync(join(findRepoRoot(), 'tests/fixtures/formats', file), 'utf8'),
  );
  const value = (all as Record<string, unknown>[])[index];
  if (value === undefined) throw new Error(`${file} has no record ${index}`);
  return value;
}

export function okPost(result: NormalizeResult): Post {
  if (!result.ok) throw new Error(`expected a post, got ${result.code}: ${result.reason}`);
  return result.post;
}

export function rejection(result: NormalizeResult): { code: string; reason: string } {
  if (result.ok) throw new Error(`expected a rejection, got post ${result.post.id}`);
  return { code: result.code, reason: result.reason };
}

/** Sets a nested property, creating objects on the way (tests mutate fixture copies). */
export function set(
  obj: Record<string, unknown>,
  path: string,
  value: unknown,
): Record<string, unknown> {
  const keys = path.split('.');
  let o = obj;
  for (const k of keys.slice(0, -1)) {
    o[k] ??= {};
    o = o[k] as Record<string, unknown>;
  }
  const last = keys[keys.length - 1] as string;
  if (value === undefined) delete o[last];
  else o[last] = value;
  return obj;
}
