import { z } from 'zod';

/** Comprehend's four sentiment classes; the API and aggregates use exactly these. */
export const SENTIMENTS = ['POSITIVE', 'NEGATIVE', 'NEUTRAL', 'MIXED'] as const;
export type Sentiment = (typeof SENTIMENTS)[number];

/** Comprehend's SentimentScore shape (probabilities, summing to about 1). */
export const sentimentScoreSchema = z.object({
  Positive: z.number(),
  Negative: z.number(),
  Neutral: z.number(),
  Mixed: z.number(),
});
export type SentimentScore = z.infer<typeof sentimentScoreSchema>;

/**
 * Why a post carries no sentiment: its language is not supported by the engine in use,
 * or the sentiment call failed after its retries (the post is still stored and counted).
 */
export const ENRICH_STATUSES = ['OK', 'UNSUPPORTED_LANGUAGE', 'FAILED'] as const;
export type EnrichStatus = (typeof ENRICH_STATUSES)[number];

export const SOURCES = ['x', 'bsky', 'reddit', 'demo', 'replay', 'post'] as const;
export type Source = (typeof SOURCES)[number];
/** The sources a Post JSON record may name: the networks come in their own formats. */
export const POST_JSON_SOURCES: readonly Source[] = ['post', 'replay', 'demo'];

export const hashtagSchema = z.object({
  /** Case-folded key used for counting: "aws" for #AWS, #Aws and #aws. */
  key: z.string().min(1).max(140),
  /** Display form as first written in this post. */
  display: z.string().min(1).max(140),
});
export type Hashtag = z.infer<typeof hashtagSchema>;

export const placeSchema = z.object({
  /** Stable id: the source's place id, else `<countryCode>:<name>` lower-cased. */
  id: z.string().min(1).max(200),
  name: z.string().max(200),
  fullName: z.string().max(300).optional(),
  country: z.string().max(100).optional(),
  countryCode: z.string().max(3).optional(),
  lat: z.number().min(-90).max(90).optional(),
  lon: z.number().min(-180).max(180).optional(),
  /** [west, south, east, north] in degrees, when the source gave a bounding box. */
  bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]).optional(),
  /** true when lat/lon are exact coordinates, false when they are the bounding-box centroid. */
  exact: z.boolean().optional(),
});
export type Place = z.infer<typeof placeSchema>;

export const MAX_TEXT_LENGTH = 10_000;

/** The normalized, source-neutral post. Also the accepted "Post JSON" input shape. */
export const postSchema = z.object({
  id: z.string().min(3).max(300),
  source: z.enum(SOURCES),
  text: z.string().min(1).max(MAX_TEXT_LENGTH),
  createdAt: z.iso.datetime({ offset: true }),
  lang: z.string().min(2).max(8).optional(),
  /**
   * What the source told of the author: absent when it said nothing (X API v2 with only its
   * default fields), no id when it named only a handle (a CSV file's user column).
   */
  author: z
    .object({
      id: z.string().min(1).max(200).optional(),
      handle: z.string().max(200).optional(),
      name: z.string().max(200).optional(),
    })
    .optional(),
  hashtags: z.array(hashtagSchema).max(100),
  cashtags: z.array(z.string().regex(/^\$[A-Z][A-Z0-9._]{0,11}$/)).max(100),
  place: placeSchema.optional(),
  isRetweet: z.boolean(),
  isReply: z.boolean(),
  url: z.string().max(500).optional(),
  /** Stream rules or tracked terms that matched, when the source reports them. */
  matchingRules: z.array(z.string().max(200)).max(50).optional(),
  /**
   * An edit: the ids of the earlier versions this post replaces (X's edit_history_tweet_ids, a
   * Bluesky record update). Counts and feeds move from the counted version to this one.
   */
  replaces: z.array(z.string().min(3).max(300)).max(20).optional(),
  /** Orders the versions of one post (a zero-padded X id, a Bluesky commit rev): newest wins. */
  revision: z.string().max(40).optional(),
  // Set by enrichment:
  sentiment: z.enum(SENTIMENTS).optional(),
  sentimentScore: sentimentScoreSchema.optional(),
  enrichStatus: z.enum(ENRICH_STATUSES).optional(),
});
export type Post = z.infer<typeof postSchema>;

/** What is stored in the Posts table: the Post plus bookkeeping attributes. */
export interface StoredPost extends Post {
  /** ISO time the ingest function stored the post. */
  ingestedAt: string;
  /** Epoch seconds; DynamoDB TTL attribute. */
  expiresAt: number;
  /** ISO time the post was counted into the aggregates (exactly-once marker). */
  countedAt?: string;
  /** Set when a delete took the post out of feeds and counts; its content is gone then. */
  deletedAt?: string;
  /** The id of the version that replaced this one (an edit). */
  supersededBy?: string;
  /** The Kinesis record (event id) the post was counted from (domain/workflow.ts). */
  ingestedBy?: string;
}

/** A post as its item is first written: with when, and until when it is kept (TTL). */
export function toStoredPost(post: Post, now: Date, retentionDays: number): StoredPost {
  return {
    ...post,
    ingestedAt: now.toISOString(),
    expiresAt: Math.floor(now.getTime() / 1000) + Math.round(retentionDays * 86_400),
  };
}

/**
 * What stays of a post id once its post is gone (deleted, replaced before it arrived, or its
 * item expired or removed): enough for ingest to recognise the post when it comes again.
 */
export interface Tombstone {
  id: string;
  tombstone: true;
  deletedAt?: string;
  supersededBy?: string;
  /** Epoch seconds (TTL): how long the id is still recognised. */
  expiresAt: number;
}
