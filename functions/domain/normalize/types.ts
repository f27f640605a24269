import type { z } from 'zod';
import type { Post } from '../post';

export type InputFormat = 'x-v1' | 'x-v2' | 'bsky-jetstream' | 'bsky-post' | 'reddit' | 'post';

export type RejectCode =
  'NOT_JSON' | 'UNKNOWN_SHAPE' | 'MISSING_FIELD' | 'INVALID' | 'OVERSIZED' | 'UNSUPPORTED_EVENT';

export type NormalizeResult =
  { ok: true; post: Post; format: InputFormat } | { ok: false; code: RejectCode; reason: string };

export type Rejection = Extract<NormalizeResult, { ok: false }>;

export const reject = (code: RejectCode, reason: string): Rejection => ({
  ok: false,
  code,
  reason,
});

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = raw;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

export function fieldPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (s, key) =>
      typeof key === 'number' ? `${s}[${key}]` : s ? `${s}.${String(key)}` : String(key),
    '',
  );
}

/**
 * Turns the first schema issue into a rejection naming the field: an absent (or null) required
 * field is MISSING_FIELD, anything else INVALID.
 */
export function rejectFromIssues(format: InputFormat, error: z.ZodError, raw: unknown): Rejection {
  const issue = error.issues[0];
  if (issue === undefined) return reject('INVALID', `${format}: invalid record`);
  const name = fieldPath(issue.path) || '(record)';
  const value = valueAt(raw, issue.path);
  if (issue.code === 'invalid_type' && (value === undefined || value === null)) {
    return reject('MISSING_FIELD', `${format}: ${name} is missing`);
  }
  return reject('INVALID', `${format}: ${name}: ${issue.message}`);
}
