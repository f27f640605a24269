import { POST_JSON_SOURCES, SOURCES, postSchema, type Post } from '../post';
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

/** Sources with formats of their own, whose ids Post JSON cannot vouch for. */
const NETWORKS: readonly string[] = SOURCES.filter((s) => !POST_JSON_SOURCES.includes(s));

/**
 * Post JSON ids live in the namespace of their own source (`post:`, `replay:`, `demo:`): an id
 * given without one gets it, so `"id": "1001"` is `post:1001`. An id in a network's namespace
 * (`x:1001`) is refused, or a producer could win the race against the real post and take its
 * place; so is a network as the source (X and Bluesky posts come in their own formats).
 */
function namespacedId(id: string, source: string): string | { reason: string } {
  const prefix = /^([a-z]+):/.exec(id)?.[1];
  if (prefix === source) return id;
  if (prefix !== undefined && (SOURCES as readonly string[]).includes(prefix)) {
    return {
      reason: `post: id "${id.slice(0, 40)}" is in the ${prefix}: namespace; a Post JSON id starts with ${source}:`,
    };
  }
  return `${source}:${id}`;
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
  if (NETWORKS.includes(p.source)) {
    return reject(
      'INVALID',
      `post: source "${p.source}" is for its own formats; Post JSON posts are ${POST_JSON_SOURCES.join(', ')}`,
    );
  }
  const id = namespacedId(p.id, p.source);
  if (typeof id !== 'string') return reject('INVALID', id.reason);
  // An edit may only replace posts of its own namespace, or a producer could un-count any post.
  const foreign = p.replaces?.find((r) => !r.startsWith(`${p.source}:`));
  if (foreign !== undefined) {
    return reject(
      'INVALID',
      `post: replaces "${foreign.slice(0, 40)}", outside the ${p.source}: namespace`,
    );
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
    id,
    createdAt,
    lang: p.lang,
    hashtags: toHashtags(p.hashtags.map((h) => h.display)),
    cashtags: toCashtags(p.cashtags),
    url,
  };
  if (url === undefined) delete draft.url;
  return finalizePost('post', draft, 'text');
}
