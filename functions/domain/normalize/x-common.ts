import { z } from 'zod';

/** X ids are decimal strings; ids beyond 2^53 only survive as strings. */
export const xIdSchema = z.string().regex(/^\d{1,20}$/, 'must be a decimal id string');

/** X escapes &, < and > in post text as HTML entities; the Post carries the plain text. */
export function decodeXText(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

const HANDLE_RE = /^[A-Za-z0-9_]{1,50}$/;

export function xPostUrl(id: string, handle: string | undefined): string {
  return handle && HANDLE_RE.test(handle)
    ? `https://x.com/${handle}/status/${id}`
    : `https://x.com/i/web/status/${id}`;
}

/** X's snowflake epoch (2010-11-04T01:42:54.657Z): ids since then carry their creation time. */
const SNOWFLAKE_EPOCH_MS = 1288834974657n;
/** The first snowflake ids (November 2010) are above this; older ids are sequential numbers. */
const FIRST_SNOWFLAKE = 29_700_859_247n;

/**
 * The creation time a snowflake id encodes (its upper 42 bits are milliseconds since the epoch),
 * as ISO 8601; undefined for pre-2010 sequential ids. X API v2 leaves `created_at` out unless
 * asked, and the id is then the only date a post has.
 */
export function snowflakeTime(id: string): string | undefined {
  const n = BigInt(id);
  if (n < FIRST_SNOWFLAKE) return undefined;
  return new Date(Number((n >> 22n) + SNOWFLAKE_EPOCH_MS)).toISOString();
}

/**
 * The edit chain of an X post: the ids of the earlier versions it replaces (every id of
 * `edit_history_tweet_ids` before its own) and its revision (snowflake ids grow with time, so
 * the id orders the versions), or nothing for an original.
 */
export function xVersion(
  ownId: string,
  history: readonly string[] | undefined,
): { replaces?: string[]; revision?: string } {
  if (!history) return {};
  const own = history.indexOf(ownId);
  const earlier = (own < 0 ? history : history.slice(0, own)).filter((id) => id !== ownId);
  if (earlier.length === 0) return {};
  return { replaces: earlier.slice(-20).map((id) => `x:${id}`), revision: ownId.padStart(20, '0') };
}
