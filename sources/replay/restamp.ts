import { bskyPostUri, type InputFormat } from '../../functions/domain/normalize/index';
import { createMicros, createSnowflakes, tidOf } from '../demo/ids';
import { createRng } from '../demo/rng';

/**
 * Gives a recorded record a fresh identity and the time it is sent: a new X snowflake id, a new
 * Bluesky record key and time_us, a new Reddit fullname, a new Post JSON id. Without this a
 * replayed file would be dropped by ingest as duplicates on its second run (or `--loop` pass)
 * and, with its old dates, would stay outside the dashboard's 1h and 24h windows.
 */
export type Restamper = (raw: Record<string, unknown>, format: InputFormat, atMs: number) => string;

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number): string => String(n).padStart(2, '0');

/** X API v1.1's `created_at`: "Thu Nov 21 10:15:30 +0000 2024". */
export function twitterDate(ms: number): string {
  const d = new Date(ms);
  return (
    `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${pad(d.getUTCDate())} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000 ${d.getUTCFullYear()}`
  );
}

const obj = (v: unknown): Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

/** Mutates `raw` in place (the caller owns the parsed copy) and returns the post id it now has. */
export function createRestamper(seed = Math.floor(Math.random() * 2 ** 31)): Restamper {
  const rng = createRng(seed);
  const snowflake = createSnowflakes(rng);
  const micros = createMicros(rng);
  const clockId = rng.int(0, 1023);
  const run = Date.now().toString(36);
  let n = 0;

  return (raw, format, atMs) => {
    const iso = new Date(atMs).toISOString();
    switch (format) {
      case 'x-v1': {
        const id = snowflake(atMs);
        raw.id_str = id;
        raw.id = Number(id);
        raw.created_at = twitterDate(atMs);
        if ('timestamp_ms' in raw) raw.timestamp_ms = String(atMs);
        return `x:${id}`;
      }
      case 'x-v2': {
        const data = obj(raw.data);
        const id = snowflake(atMs);
        data.id = id;
        data.created_at = iso;
        if (Array.isArray(data.edit_history_tweet_ids)) data.edit_history_tweet_ids = [id];
        return `x:${id}`;
      }
      case 'bsky-jetstream': {
        const us = micros(atMs);
        const commit = obj(raw.commit);
        const rkey = tidOf(us, clockId);
        raw.time_us = Number(us);
        commit.rkey = rkey;
        obj(commit.record).createdAt = iso;
        return `bsky:${bskyPostUri(String(raw.did), rkey)}`;
      }
      case 'bsky-post': {
        const us = micros(atMs);
        const rkey = tidOf(us, clockId);
        const did = String(obj(raw.author).did);
        raw.uri = bskyPostUri(did, rkey);
        obj(raw.record).createdAt = iso;
        if ('indexedAt' in raw) raw.indexedAt = iso;
        return `bsky:${raw.uri}`;
      }
      case 'reddit': {
        // A fresh base-36 id from the microsecond clock: newer than Reddit's own (7 digits
        // today), so it never names a real post. The permalink still leads to the recorded one.
        const data = obj(raw.data);
        const kind = raw.kind === 't1' ? 't1' : 't3';
        const id = micros(atMs).toString(36);
        data.id = id;
        data.name = `${kind}_${id}`;
        data.created_utc = atMs / 1000;
        if ('created' in data) data.created = atMs / 1000;
        return `reddit:${kind}_${id}`;
      }
      case 'post': {
        const id = `${String(raw.id).slice(0, 270)}~${run}.${(n++).toString(36)}`;
        raw.id = id;
        raw.createdAt = iso;
        return id;
      }
    }
  };
}
