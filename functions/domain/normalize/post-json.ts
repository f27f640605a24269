import { postSchema, type Post } from '../post';
import { toCashtags, toHashtags } from '../text';
import { parseIsoDate } from './dates';
import { finalizePost } from './finalize';
import { bboxSchema } from './geo';
import { normalizeLang } from './lang';
import { reject, rejectFromIssues, type NormalizeResult } from './types';

// The id is the post's identity (and part of feed sort keys): replacing a lone surrogate or
// dropping a control character could merge two producers' posts into one.
const UNSAFE_ID_RE =
  /[\p{Cc}]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/u;

/** Only links a reader can follow safely: `javascript:` or `data:` URLs are dropped. */
function safeUrl(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  try {
    const { protocol } = new URL(url);
    return protocol === 'https:' || protocol === 'http:' ? url : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The Post JSON itself. Keys are recomputed from the display forms so a producer cannot count
 * "#AWS" apart from "#aws", and enrichment fields are dropped: sentiment always comes from the
 * workflow, so the aggregates agree with the engine in use.
 */
export function normalizePostJson(raw: Record<string, unknown>): NormalizeResult {
  // Any BCP 47 tag is fine ("zh-Hant-TW" is longer than the schema's 8 characters): only its
  // primary subtag is kept, as for the other formats.
  const lang = typeof raw.lang === 'string' ? normalizeLang(raw.lang) : raw.lang;
  const parsed = postSchema.safeParse({ ...raw, lang });
  if (!parsed.success) return rejectFromIssues('post', parsed.error, raw);
  const { sentiment: _s, sentimentScore: _ss, enrichStatus: _e, ...p } = parsed.data;
  if (UNSAFE_ID_RE.test(p.id)) {
    return reject('INVALID', 'post: id holds control characters or lone surrogates');
  }
  const createdAt = parseIsoDate(p.createdAt);
  if (!createdAt) return reject('INVALID', `post: createdAt "${p.createdAt}" is not a valid date`);
  // The schema takes any numbers; DynamoDB refuses beyond 1e125 and the map needs degrees.
  if (p.place?.bbox && !bboxSchema.safeParse(p.place.bbox).success) {
    return reject('INVALID', 'post: place.bbox must be [west, south, east, north] in degrees');
  }
  const url = safeUrl(p.url);
  const draft: Post = {
    ...p,
    createdAt,
    lang: p.lang,
    hashtags: toHashtags(p.hashtags.map((h) => h.display)),
    cashtags: toCashtags(p.cashtags),
    url,
  };
  if (url === undefined) delete draft.url;
  return finalizePost('post', draft, 'text');
}
