import type { Rng } from './rng';

const X_EPOCH_MS = 1_288_834_974_657n;

/**
 * X snowflake ids: milliseconds since the X epoch << 22 | worker << 12 | sequence. Today's are
 * about 1.9e18, beyond 2^53, which is why consumers must read them as strings. Strictly increasing
 * even if the clock stalls or steps back.
 */
export function createSnowflakes(rng: Rng) {
  let last = 0n;
  return (ms: number): string => {
    const worker = BigInt(rng.int(0, 1023));
    const candidate = ((BigInt(Math.floor(ms)) - X_EPOCH_MS) << 22n) | (worker << 12n);
    last = candidate > last ? candidate : last + 1n;
    return last.toString();
  };
}

const S32 = '234567abcdefghijklmnopqrstuvwxyz';

/** atproto TID: 53 bits of microseconds and 10 bits of clock id, base32-sortable, 13 chars. */
export function tidOf(micros: bigint, clockId: number): string {
  let v = (micros << 10n) | BigInt(clockId & 1023);
  let out = '';
  for (let i = 0; i < 13; i++) {
    out = S32.charAt(Number(v & 31n)) + out;
    v >>= 5n;
  }
  return out;
}

/** Strictly increasing microsecond timestamps (Jetstream `time_us`, TIDs) from a ms clock. */
export function createMicros(rng: Rng) {
  let last = 0n;
  return (ms: number): bigint => {
    const candidate = BigInt(Math.floor(ms)) * 1000n + BigInt(rng.int(0, 999));
    last = candidate > last ? candidate : last + 1n;
    return last;
  };
}

const B32 = 'abcdefghijklmnopqrstuvwxyz234567';

/** Random lower-case base32 string, as in did:plc identifiers and CIDv1 strings. */
export function base32(rng: Rng, length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) s += B32.charAt(rng.int(0, 31));
  return s;
}

const B62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function base62(rng: Rng, length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) s += B62.charAt(rng.int(0, 61));
  return s;
}

/** A CIDv1 (dag-cbor, sha-256) as Bluesky prints it: "bafyrei" + 52 base32 characters. */
export const fakeCid = (rng: Rng): string => `bafyrei${base32(rng, 52)}`;
