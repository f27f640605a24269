import { LRUCache } from 'lru-cache';
import { type ApiResult, CACHE_EMPTY, CACHE_PAST, ok, withAge } from '../shared/http';

/**
 * What the read routes read from DynamoDB, kept per execution environment for as long as their
 * answers may be cached anyway (the `max-age` of the Cache-Control they send), so a dashboard
 * poll or a flood of identical requests costs no DynamoDB read until then. Keys are the
 * normalized query (parameters after validation and defaults, the table name), so spellings of
 * one request share an entry and different parameters never do. Bounded by entries and by
 * size, least recently used first out: 256 MB functions keep well under their memory.
 *
 * `READ_CACHE=off` in the environment bypasses it (the benchmark's "before" measurement).
 */

interface Entry {
  value: unknown;
  storedAt: number;
  lifetimeMs: number;
}

const MAX_ENTRIES = 2_000;
/** Counted as JSON characters, about the bytes the values take. */
const MAX_CHARS = 32 * 1024 * 1024;

const entries = new LRUCache<string, Entry>({ max: MAX_ENTRIES, maxSize: MAX_CHARS });

const enabled = (): boolean => process.env.READ_CACHE !== 'off';

/** A key from a route's name and its normalized parameters; no parameter can forge another's. */
export const cacheKey = (...parts: (string | number | undefined)[]): string =>
  JSON.stringify(parts);

/** The seconds of `max-age` in a Cache-Control value; 0 when it may not be cached. */
export function maxAgeSeconds(cacheControl: string): number {
  if (/\b(no-store|no-cache|private)\b/i.test(cacheControl)) return 0;
  const m = /\bmax-age=(\d+)\b/i.exec(cacheControl);
  return m ? Number(m[1]) : 0;
}

export interface Recalled<T> {
  value: T;
  /** Whole seconds since it was read, for the `age` header. */
  ageSeconds: number;
}

/** A cached read's answer and the Cache-Control to send with it. */
export interface Answer<T> extends Recalled<T> {
  cacheControl: string;
}

/**
 * An answer with nothing in it: no items, or (GET /stats) no post counted. A live answer of that
 * kind is neither kept nor cacheable: on a stack that has just started, or in a window that was
 * quiet, the first posts counted show at the dashboard's next poll (every second while it waits
 * for the first posts), not a max-age later. Closed past ranges stay cached, empty or not.
 */
export function isEmptyAnswer(value: unknown): boolean {
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value !== 'object' || value === null) return false;
  const { items, posts } = value as { items?: unknown; posts?: unknown };
  return (Array.isArray(items) && items.length === 0) || posts === 0;
}

/** A value remembered under `key` that is still within its lifetime. */
export function recall<T>(key: string, now: number = Date.now()): Recalled<T> | undefined {
  if (!enabled()) return undefined;
  const entry = entries.get(key);
  if (!entry) return undefined;
  const age = now - entry.storedAt;
  if (age < 0 || age >= entry.lifetimeMs) {
    entries.delete(key);
    return undefined;
  }
  return { value: entry.value as T, ageSeconds: Math.floor(age / 1000) };
}

/** Keeps `value` under `key` for `lifetimeSeconds`; a lifetime of 0 keeps nothing. */
export function remember(
  key: string,
  value: unknown,
  lifetimeSeconds: number,
  now: number = Date.now(),
): void {
  if (!enabled() || !(lifetimeSeconds > 0)) return;
  const size = Math.max(1, JSON.stringify(value)?.length ?? 1);
  if (size > MAX_CHARS) return;
  entries.set(key, { value, storedAt: now, lifetimeMs: lifetimeSeconds * 1000 }, { size });
}

/**
 * The value under `key` if it is younger than the max-age of `cacheControl`, else `load()`'s,
 * remembered, except an empty live answer (isEmptyAnswer), which goes out CACHE_EMPTY.
 * Only what `load` returns is kept: a thrown error is not, so the next request tries again.
 */
export async function cached<T>(
  key: string,
  cacheControl: string,
  load: () => Promise<T>,
): Promise<Answer<T>> {
  const hit = recall<T>(key);
  if (hit) return { ...hit, cacheControl };
  const value = await load();
  // Live, whatever its max-age: only a closed past range keeps an empty answer.
  if (cacheControl !== CACHE_PAST && isEmptyAnswer(value)) {
    return { value, ageSeconds: 0, cacheControl: CACHE_EMPTY };
  }
  remember(key, value, maxAgeSeconds(cacheControl));
  return { value, ageSeconds: 0, cacheControl };
}

/** The 200 response of a cached read, with its Cache-Control and age; `body` defaults to the answer. */
export function cachedResponse<T>(answer: Answer<T>, body: unknown = answer.value): ApiResult {
  return withAge(ok(body, answer.cacheControl), answer.ageSeconds);
}

/** Forgets everything (tests). */
export function clearReadCache(): void {
  entries.clear();
}
