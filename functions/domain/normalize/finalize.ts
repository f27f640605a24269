import { MAX_TEXT_LENGTH, postSchema, type Place, type Post } from '../post';
import { replaceLoneSurrogates, toHashtags } from '../text';
import { reject, rejectFromIssues, type InputFormat, type NormalizeResult } from './types';

function wellFormed<T>(value: T): T {
  if (typeof value === 'string') return replaceLoneSurrogates(value) as T;
  if (Array.isArray(value)) return value.map(wellFormed) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, wellFormed(v)])) as T;
  }
  return value;
}

// Nothing a reader would see: whitespace, format characters (zero-width space and joiners,
// bidi marks, BOM) and controls. A text or hashtag made only of these is empty.
const INVISIBLE_ONLY_RE = /^[\p{White_Space}\p{Cf}\p{Cc}]*$/u;
// Hashtags never span whitespace or controls; sources that list tags explicitly (Post JSON,
// Bluesky `tags`) can send anything, and " " or "a\nb" must not become a counter.
const BAD_TAG_CHAR_RE = /[\p{White_Space}\p{Cc}]/u;

/**
 * Recomputed after well-forming: two displays that differ only in their lone surrogates become
 * the same key once those are U+FFFD, and one post must never carry a key twice (its counter
 * would appear twice in one transaction).
 */
function cleanHashtags(hashtags: Post['hashtags']): Post['hashtags'] {
  return toHashtags(
    hashtags
      .map((h) => h.display)
      .filter((d) => !BAD_TAG_CHAR_RE.test(d) && !INVISIBLE_ONLY_RE.test(d)),
  );
}

// About 1 cm. DynamoDB numbers stop at 1e-130, so a source's 1e-200 must not reach PutItem.
const round7 = (x: number): number => Math.round(x * 1e7) / 1e7 || 0;

function cleanPlace(place: Place | undefined): Place | undefined {
  if (place === undefined) return undefined;
  const out: Place = { ...place };
  if (out.lat !== undefined) out.lat = round7(out.lat);
  if (out.lon !== undefined) out.lon = round7(out.lon);
  if (out.bbox)
    out.bbox = [round7(out.bbox[0]), round7(out.bbox[1]), round7(out.bbox[2]), round7(out.bbox[3])];
  return out;
}

/**
 * Last step of every format: checks the text and the whole Post against the schema.
 *
 * Lone UTF-16 surrogates (a JSON "\ud83d" with no partner) are replaced with U+FFFD rather than
 * rejected: X's v1.1 `text` truncation is known to cut emoji in half, and those posts are worth
 * keeping, while DynamoDB and Comprehend need well-formed text.
 */
/** Clocks disagree a little; a post dated further ahead than this is refused. */
export const FUTURE_TOLERANCE_MS = 5 * 60_000;

export function finalizePost(
  format: InputFormat,
  draft: Post,
  textField: string,
  now: number = Date.now(),
): NormalizeResult {
  // A post from the future would sit in the newest buckets, and as the newest post, for as long
  // as its date is ahead: refused rather than clamped, since its real time is unknown.
  const ahead = Date.parse(draft.createdAt) - now;
  if (ahead > FUTURE_TOLERANCE_MS) {
    return reject(
      'INVALID',
      `${format}: the post is dated ${draft.createdAt}, ${Math.round(ahead / 60_000)} min in the future (at most ${FUTURE_TOLERANCE_MS / 60_000} min are accepted)`,
    );
  }
  const formed = wellFormed(draft);
  if (INVISIBLE_ONLY_RE.test(formed.text))
    return reject('INVALID', `${format}: ${textField} is empty`);
  if (formed.text.length > MAX_TEXT_LENGTH) {
    return reject(
      'INVALID',
      `${format}: ${textField} is longer than ${MAX_TEXT_LENGTH} characters (${formed.text.length})`,
    );
  }
  const post: Post = {
    ...formed,
    hashtags: cleanHashtags(formed.hashtags),
    place: cleanPlace(formed.place),
  };
  if (post.place === undefined) delete post.place;
  const parsed = postSchema.safeParse(post);
  if (!parsed.success) return rejectFromIssues(format, parsed.error, post);
  return { ok: true, post: parsed.data, format };
}
