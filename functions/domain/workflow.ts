import { z } from 'zod';
import { ENRICH_STATUSES, postSchema, SENTIMENTS, sentimentScoreSchema } from './post';
import type { EnrichStatus, Post, Sentiment, SentimentScore } from './post';

/**
 * The data that flows through statemachines/enrich.asl.json. Step Functions caps every state's
 * data at 256 KB, so each post's text lives in exactly one place at a time: in the batches of
 * the Map about to run (`languageBatches`, `sentimentBatches`) or in `otherDocs`. Posts travel
 * as metadata without text.
 */

/**
 * A post as Ingest hands it to the workflow: all of it, since Persist writes the post's item
 * (enriched, once, in the transaction that counts it).
 */
export const workPostSchema = postSchema.extend({
  // Optional so that a post can be sent to the workflow by hand (`npm run invoke`) with only
  // what enrichment reads; stored as false when absent.
  isRetweet: z.boolean().optional(),
  isReply: z.boolean().optional(),
  /**
   * The recent-post feeds Persist writes the post to, as Ingest chose them for its whole
   * Kinesis batch (domain/feed.ts, chooseFeeds). Absent: Persist chooses over its own posts.
   */
  feedKeys: z.array(z.string()).optional(),
  /**
   * The Kinesis record (event id: shard and sequence number) the post came in: stored with
   * the post, it tells a retry of that record (which redoes the post's feeds, archive copy and
   * fold) from another copy of the post (a duplicate, dropped).
   */
  ingestedBy: z.string().max(200).optional(),
});
export type WorkPost = z.infer<typeof workPostSchema>;

export function toWorkPost(post: Post, ingestedBy?: string): WorkPost {
  return ingestedBy ? { ...post, ingestedBy } : { ...post };
}

/**
 * Whether Persist folds the pending counts into the counters (counting.ts). Ingest runs a
 * Kinesis batch as several executions and sets it on the last one only, which folds every pending
 * count at once: counters its executions share are then written once per batch, not once per
 * execution. Absent means fold, as a direct invocation expects.
 */
const foldSchema = z.boolean().optional();

/** Execution input. No posts is allowed only to fold (a batch whose last execution failed). */
export const workflowInputSchema = z
  .object({ posts: z.array(workPostSchema), fold: foldSchema })
  .refine((i) => i.posts.length > 0 || i.fold === true, {
    message: 'posts must not be empty, except in an execution that only folds (fold: true)',
    path: ['posts'],
  });
export type WorkflowInput = z.infer<typeof workflowInputSchema>;

/**
 * A post without its text. `textTail` is the part of the text beyond Comprehend's document limit
 * (only the head is sent), so Persist can store the full text: full text = head + tail.
 */
export const postMetaSchema = workPostSchema.omit({ text: true }).extend({
  textTail: z.string().optional(),
  enrichStatus: z.enum(ENRICH_STATUSES).optional(),
});
export type PostMeta = z.infer<typeof postMetaSchema>;

/** Parallel lists of post ids and their (Comprehend-sized) texts. */
export const docBatchSchema = z
  .object({ ids: z.array(z.string()), texts: z.array(z.string()) })
  .refine((b) => b.ids.length === b.texts.length, 'ids and texts must have the same length');
export type DocBatch = z.infer<typeof docBatchSchema>;

export const sentimentBatchSchema = z
  .object({ LanguageCode: z.string(), ids: z.array(z.string()), texts: z.array(z.string()) })
  .refine((b) => b.ids.length === b.texts.length, 'ids and texts must have the same length');
export type SentimentBatch = z.infer<typeof sentimentBatchSchema>;

/** Output of a batch whose call failed after its retries (the Map's Catch keeps only the name). */
export const caughtErrorSchema = z.object({ Error: z.string(), Cause: z.string().optional() });
export type CaughtError = z.infer<typeof caughtErrorSchema>;

const batchErrorSchema = z.object({
  Index: z.number().int(),
  ErrorCode: z.string().optional(),
  ErrorMessage: z.string().optional(),
});

/** BatchDetectDominantLanguage's response, as Comprehend and the builtin engine return it. */
export const languageResponseSchema = z.object({
  ResultList: z
    .array(
      z.object({
        Index: z.number().int(),
        Languages: z
          .array(z.object({ LanguageCode: z.string().optional(), Score: z.number().optional() }))
          .optional(),
      }),
    )
    .default([]),
  ErrorList: z.array(batchErrorSchema).default([]),
});
export type LanguageResponse = z.infer<typeof languageResponseSchema>;

/** BatchDetectSentiment's response. */
export const sentimentResponseSchema = z.object({
  ResultList: z
    .array(
      z.object({
        Index: z.number().int(),
        Sentiment: z.string().optional(),
        SentimentScore: sentimentScoreSchema.partial().optional(),
      }),
    )
    .default([]),
  ErrorList: z.array(batchErrorSchema).default([]),
});
export type SentimentResponse = z.infer<typeof sentimentResponseSchema>;

/** Prepare's output: places resolved, texts of posts without a language batched for detection. */
export const preparedStateSchema = z.object({
  posts: z.array(postMetaSchema),
  languageBatches: z.array(docBatchSchema),
  otherDocs: docBatchSchema,
  fold: foldSchema,
});
export type PreparedState = z.infer<typeof preparedStateSchema>;

/** Plan's input: Prepare's output plus one DetectLanguages result per language batch. */
export const planInputSchema = preparedStateSchema.extend({
  languageResults: z.array(z.union([caughtErrorSchema, languageResponseSchema])).default([]),
});
export type PlanInput = z.infer<typeof planInputSchema>;

/** Plan's output: languages settled, texts of supported languages batched for sentiment. */
export const planStateSchema = z.object({
  posts: z.array(postMetaSchema),
  sentimentBatches: z.array(sentimentBatchSchema),
  otherDocs: docBatchSchema,
  fold: foldSchema,
});
export type PlanState = z.infer<typeof planStateSchema>;

/** Persist's input: Plan's output plus one DetectSentiments result per sentiment batch. */
export const persistInputSchema = planStateSchema.extend({
  sentimentResults: z.array(z.union([caughtErrorSchema, sentimentResponseSchema])).default([]),
});
export type PersistInput = z.infer<typeof persistInputSchema>;

/** A post after enrichment, ready to be stored and counted. */
export type EnrichedPost = WorkPost & {
  enrichStatus: EnrichStatus;
  sentiment?: Sentiment;
  sentimentScore?: SentimentScore;
};

/** What Persist reports per post; `ok` is true also for posts an earlier attempt counted. */
export interface PostResult {
  id: string;
  ok: boolean;
  /**
   * RETRACTED: not counted because a delete or a newer version of the post came first (it is
   * left out of the feeds too).
   */
  status: 'COUNTED' | 'ALREADY_COUNTED' | 'RETRACTED' | 'FAILED';
  enrichStatus?: EnrichStatus;
  /**
   * FAILED because DynamoDB refused the post's item (too large, say): no retry can store it, so
   * Ingest dead-letters its record with this reason.
   */
  refused?: string;
}

/** Execution output: per-post results, or the failure a Catch recorded. */
export type WorkflowOutput = { results: PostResult[] } | { status: 'FAILED'; error?: string };

export const isSentiment = (s: unknown): s is Sentiment =>
  typeof s === 'string' && (SENTIMENTS as readonly string[]).includes(s);

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
