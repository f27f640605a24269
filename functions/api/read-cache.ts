import { LRUCache } from 'lru-cache';

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
 * The value under `key` if it is younger than `lifetimeSeconds`, else `load()`'s, remembered.
 * Only what `load` returns is kept: a thrown error is not, so the next request tries again.
 */
export async function cached<T>(
  key: string,
  lifetimeSeconds: number,
  load: () => Promise<T>,
): Promise<Recalled<T>> {
  const hit = recall<T>(key);
  if (hit) return hit;
  const value = await load();
  remember(key, value, lifetimeSeconds);
  return { value, ageSeconds: 0 };
}

/** Forgets everything (tests). */
export function clearReadCache(): void {
  entries.clear();
}
