import { MAX_DOCUMENTS_PER_BATCH, pickLanguage, sentimentLanguage, splitAtBytes } from './language';
import { resolvePlace } from './places';
import type { EnrichStatus, SentimentScore } from './post';
import {
  chunk,
  isSentiment,
  type CaughtError,
  type DocBatch,
  type EnrichedPost,
  type PersistInput,
  type PlanInput,
  type PlanState,
  type PostMeta,
  type PreparedState,
  type SentimentBatch,
  type WorkPost,
} from './workflow';

/** The pure logic of the workflow's Lambda steps; the handlers only parse and delegate. */

const isCaught = (r: unknown): r is CaughtError =>
  typeof r === 'object' && r !== null && 'Error' in r && typeof r.Error === 'string';

/** Drops undefined fields so the state stays small and deep-equal comparisons stay simple. */
function compact<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** Prepare: resolve places, trim texts for Comprehend, batch posts that need language detection. */
export function prepare(posts: readonly WorkPost[], fold?: boolean): PreparedState {
  const metas: PostMeta[] = [];
  const toDetect: DocBatch = { ids: [], texts: [] };
  const otherDocs: DocBatch = { ids: [], texts: [] };
  for (const { text, ...rest } of posts) {
    const { head, tail } = splitAtBytes(text);
    metas.push(compact({ ...rest, place: resolvePlace(rest.place), textTail: tail || undefined }));
    const target = rest.lang ? otherDocs : toDetect;
    target.ids.push(rest.id);
    target.texts.push(head);
  }
  const ids = chunk(toDetect.ids, MAX_DOCUMENTS_PER_BATCH);
  const texts = chunk(toDetect.texts, MAX_DOCUMENTS_PER_BATCH);
  return compact({
    posts: metas,
    languageBatches: ids.map((batchIds, i) => ({ ids: batchIds, texts: texts[i] ?? [] })),
    otherDocs,
    fold,
  });
}

type Detection = { lang: string } | { lang: undefined; failed: boolean };

/** Per post id: the detected language, or why there is none. */
function detections(input: PlanInput): Map<string, Detection> {
  const out = new Map<string, Detection>();
  input.languageBatches.forEach((batch, b) => {
    const result = input.languageResults[b];
    if (result === undefined || isCaught(result)) {
      for (const id of batch.ids) out.set(id, { lang: undefined, failed: true });
      return;
    }
    for (const r of result.ResultList) {
      const id = batch.ids[r.Index];
      const lang = pickLanguage(r.Languages);
      if (id !== undefined) out.set(id, lang ? { lang } : { lang: undefined, failed: false });
    }
    for (const e of result.ErrorList) {
      const id = batch.ids[e.Index];
      if (id !== undefined) out.set(id, { lang: undefined, failed: true });
    }
  });
  return out;
}

function textsById(batches: readonly DocBatch[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const b of batches) b.ids.forEach((id, i) => out.set(id, b.texts[i] ?? ''));
  return out;
}

/**
 * Plan: settle each post's language and batch the texts the sentiment engine supports, at most
 * 25 per batch and one language per batch (BatchDetectSentiment takes one LanguageCode).
 */
export function plan(input: PlanInput, supportedLanguages: readonly string[]): PlanState {
  const detected = detections(input);
  const texts = textsById([...input.languageBatches, input.otherDocs]);
  const byLanguage = new Map<string, DocBatch>();
  const otherDocs: DocBatch = { ids: [], texts: [] };
  const posts = input.posts.map((post): PostMeta => {
    const text = texts.get(post.id) ?? '';
    const detection = post.lang ? { lang: post.lang } : detected.get(post.id);
    const lang = detection?.lang;
    const code = sentimentLanguage(lang, supportedLanguages);
    let enrichStatus: EnrichStatus | undefined;
    if (code) {
      const group = byLanguage.get(code) ?? { ids: [], texts: [] };
      group.ids.push(post.id);
      group.texts.push(text);
      byLanguage.set(code, group);
    } else {
      // A detection that never came back is a failure; a confident "no supported language" is not.
      const failed = !detection || ('failed' in detection && detection.failed);
      enrichStatus = failed ? 'FAILED' : 'UNSUPPORTED_LANGUAGE';
      otherDocs.ids.push(post.id);
      otherDocs.texts.push(text);
    }
    return compact({ ...post, lang, enrichStatus });
  });
  const sentimentBatches: SentimentBatch[] = [];
  for (const [LanguageCode, group] of byLanguage) {
    const ids = chunk(group.ids, MAX_DOCUMENTS_PER_BATCH);
    const batchTexts = chunk(group.texts, MAX_DOCUMENTS_PER_BATCH);
    ids.forEach((batchIds, i) =>
      sentimentBatches.push({ LanguageCode, ids: batchIds, texts: batchTexts[i] ?? [] }),
    );
  }
  return compact({ posts, sentimentBatches, otherDocs, fold: input.fold });
}

type SentimentOutcome = Pick<EnrichedPost, 'enrichStatus' | 'sentiment' | 'sentimentScore'>;

function toScore(s: Partial<SentimentScore> | undefined): SentimentScore | undefined {
  if (!s) return undefined;
  const { Positive, Negative, Neutral, Mixed } = s;
  if (Positive === undefined || Negative === undefined || Neutral === undefined) return undefined;
  if (Mixed === undefined) return undefined;
  return { Positive, Negative, Neutral, Mixed };
}

function sentimentOutcomes(input: PersistInput): Map<string, SentimentOutcome> {
  const out = new Map<string, SentimentOutcome>();
  input.sentimentBatches.forEach((batch, b) => {
    for (const id of batch.ids) out.set(id, { enrichStatus: 'FAILED' });
    const result = input.sentimentResults[b];
    if (result === undefined || isCaught(result)) return;
    for (const r of result.ResultList) {
      const id = batch.ids[r.Index];
      if (id === undefined || !isSentiment(r.Sentiment)) continue;
      out.set(id, {
        enrichStatus: 'OK',
        sentiment: r.Sentiment,
        sentimentScore: toScore(r.SentimentScore),
      });
    }
    // ErrorList entries keep the FAILED set above, as do documents missing from both lists.
  });
  return out;
}

/**
 * Persist's first step: sentiment results merged into the posts and full texts restored. Posts
 * whose sentiment batch failed are still returned (FAILED) so they are stored and counted.
 */
export function mergeSentiments(input: PersistInput): EnrichedPost[] {
  const outcomes = sentimentOutcomes(input);
  const texts = textsById([...input.sentimentBatches, input.otherDocs]);
  return input.posts.map(({ textTail, enrichStatus, ...meta }) => {
    const outcome = outcomes.get(meta.id) ?? { enrichStatus: enrichStatus ?? 'FAILED' };
    return compact({
      ...meta,
      text: (texts.get(meta.id) ?? '') + (textTail ?? ''),
      ...outcome,
    });
  });
}
