import { postSchema, type Post } from '../post';
import { toCashtags, toHashtags } from '../text';
import { parseIsoDate } from './dates';
import { finalizePost } from './finalize';
import { normalizeLang } from './lang';
import { reject, rejectFromIssues, type NormalizeResult } from './types';

/**
 * The Post JSON itself. Keys are recomputed from the display forms so a producer cannot count
 * "#AWS" apart from "#aws", and enrichment fields are dropped: sentiment always comes from the
 * workflow, so the aggregates agree with the engine in use.
 */
export function normalizePostJson(raw: Record<string, unknown>): NormalizeResult {
  const parsed = postSchema.safeParse(raw);
  if (!parsed.success) return rejectFromIssues('post', parsed.error, raw);
  const { sentiment: _s, sentimentScore: _ss, enrichStatus: _e, ...p } = parsed.data;
  const createdAt = parseIsoDate(p.createdAt);
  if (!createdAt) return reject('INVALID', `post: createdAt "${p.createdAt}" is not a valid date`);
  const draft: Post = {
    ...p,
    createdAt,
    lang: normalizeLang(p.lang),
    hashtags: toHashtags(p.hashtags.map((h) => h.display)),
    cashtags: toCashtags(p.cashtags),
  };
  return finalizePost('post', draft, 'text');
}
