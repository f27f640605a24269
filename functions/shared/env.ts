/** Reads a required environment variable, failing at cold start with a clear message. */
export function requireEnv(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') {
    throw new Error(`Environment variable ${name} is not set (see template.yaml)`);
  }
  return value;
}

/** Reads an optional numeric environment variable with a default. */
export function numberEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n))
    throw new Error(`Environment variable ${name} must be a number, got "${raw}"`);
  return n;
}

/** HOT_COUNTER_SHARDS (domain/keys.ts, hot counters): 1 to 100, default 1 (not sharded). */
export function hotCounterShards(): number {
  const n = Math.floor(numberEnv('HOT_COUNTER_SHARDS', 1));
  return Math.min(100, Math.max(1, n));
}
