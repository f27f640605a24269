import type { ArchiveColumnName } from './archive-schema';
import type { Post } from './post';
import type { EnrichedPost } from './workflow';

/**
 * The archived form of a counted post: one flat JSON object per post, whose keys are exactly the
 * columns of the Glue table (archive-schema.ts). Firehose converts it to Parquet against that
 * table, and the local stand-in writes the same columns, so one shape serves both.
 *
 * Timestamps are ISO 8601 in UTC with milliseconds (`toISOString()`): the one format the
 * delivery stream's deserializer is told to parse, and the one whose first 10 and 13 characters
 * are the `dt` and `hour` partition values its partitioning query cuts out.
 */
export interface ArchiveRecord {
  id: string;
  source: string;
  text: string;
  created_at: string;
  lang: string | null;
  sentiment: string | null;
  sentiment_positive: number | null;
  sentiment_negative: number | null;
  sentiment_neutral: number | null;
  sentiment_mixed: number | null;
  enrich_status: string;
  hashtags: string[];
  cashtags: string[];
  place_id: string | null;
  place_name: string | null;
  country: string | null;
  country_code: string | null;
  lat: number | null;
  lon: number | null;
  author_id: string | null;
  author_handle: string | null;
  url: string | null;
  archived_at: string;
  /** Set on the copy archived when the post was deleted or replaced by an edit. */
  removed_at: string | null;
}

// The record's keys are exactly the Glue table's columns: tsc fails here if either side drifts.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const RECORD_MATCHES_SCHEMA: Same<keyof ArchiveRecord, ArchiveColumnName> = true;

/** Posts the archive receives: the ones counted now and the ones an earlier attempt counted. */
export const isArchived = (status: string | undefined): boolean =>
  status === 'COUNTED' || status === 'ALREADY_COUNTED';

const utc = (iso: string): string => new Date(iso).toISOString();

/** The archive record of an enriched post, archived at `archivedAt`. */
export function archiveRecordOf(post: EnrichedPost, archivedAt: Date): ArchiveRecord {
  const score = post.sentimentScore;
  const place = post.place;
  return {
    id: post.id,
    source: post.source,
    text: post.text,
    created_at: utc(post.createdAt),
    lang: post.lang ?? null,
    sentiment: post.sentiment ?? null,
    sentiment_positive: score?.Positive ?? null,
    sentiment_negative: score?.Negative ?? null,
    sentiment_neutral: score?.Neutral ?? null,
    sentiment_mixed: score?.Mixed ?? null,
    enrich_status: post.enrichStatus,
    hashtags: post.hashtags.map((h) => h.key),
    cashtags: [...post.cashtags],
    place_id: place?.id ?? null,
    place_name: place?.name ?? null,
    country: place?.country ?? null,
    country_code: place?.countryCode ?? null,
    lat: place?.lat ?? null,
    lon: place?.lon ?? null,
    author_id: post.author?.id ?? null,
    author_handle: post.author?.handle ?? null,
    url: post.url ?? null,
    archived_at: archivedAt.toISOString(),
    removed_at: null,
  };
}

/**
 * The copy archived when a post is taken back (deleted, or replaced by an edit): in the post's
 * own partition (its created_at), newer than its other copies, so the posts view, which keeps the
 * newest copy of each post, leaves it out. A deleted post's copy carries no content.
 */
export function removalRecordOf(
  post: { id: string; source?: string; createdAt: string },
  removedAt: Date,
): ArchiveRecord {
  const at = removedAt.toISOString();
  return {
    id: post.id,
    source: post.source ?? post.id.slice(0, post.id.indexOf(':')),
    text: '',
    created_at: utc(post.createdAt),
    lang: null,
    sentiment: null,
    sentiment_positive: null,
    sentiment_negative: null,
    sentiment_neutral: null,
    sentiment_mixed: null,
    enrich_status: 'REMOVED',
    hashtags: [],
    cashtags: [],
    place_id: null,
    place_name: null,
    country: null,
    country_code: null,
    lat: null,
    lon: null,
    author_id: null,
    author_handle: null,
    url: null,
    archived_at: at,
    removed_at: at,
  };
}

/** The partition a record lands in: `dt=YYYY-MM-DD/hour=HH`, by the post's event time (UTC). */
export function archivePartition(createdAt: string): { dt: string; hour: string } {
  const iso = utc(createdAt);
  return { dt: iso.slice(0, 10), hour: iso.slice(11, 13) };
}

/** One row of the `posts` view as a backfill reads it (cells may come back as null). */
export interface ArchivedPostRow {
  id: string;
  source: string;
  text: string;
  created_at: string;
  lang?: string | null;
  hashtags?: readonly string[] | null;
  cashtags?: readonly string[] | null;
  place_id?: string | null;
  place_name?: string | null;
  country?: string | null;
  country_code?: string | null;
  lat?: number | null;
  lon?: number | null;
  author_id?: string | null;
  author_handle?: string | null;
  url?: string | null;
}

const opt = <T>(v: T | null | undefined): T | undefined => (v === null ? undefined : v);

/**
 * The Post JSON of an archived post: the original id and createdAt (so ingest recognises posts
 * it stored already), without the enrichment (so a replay into a stack that does not hold the
 * post any more enriches it with the engine of today). The archive keeps hashtag keys only: they
 * come back as their display form too. Only posts of the Post JSON sources travel this way; X and
 * Bluesky posts go back in their own formats (sources/archive/wire.ts).
 */
export function postJsonOf(row: ArchivedPostRow): Post {
  const place =
    row.place_id != null
      ? {
          id: row.place_id,
          name: row.place_name ?? '',
          ...(row.country != null ? { country: row.country } : {}),
          ...(row.country_code != null ? { countryCode: row.country_code } : {}),
          ...(row.lat != null && row.lon != null ? { lat: row.lat, lon: row.lon } : {}),
        }
      : undefined;
  const handle = opt(row.author_handle);
  const authorId = opt(row.author_id);
  const lang = opt(row.lang);
  const url = opt(row.url);
  return {
    id: row.id,
    source: row.source as Post['source'],
    text: row.text,
    createdAt: utc(row.created_at),
    ...(lang ? { lang } : {}),
    ...(authorId || handle
      ? { author: { ...(authorId ? { id: authorId } : {}), ...(handle ? { handle } : {}) } }
      : {}),
    hashtags: (row.hashtags ?? []).map((key) => ({ key, display: key })),
    cashtags: [...(row.cashtags ?? [])],
    ...(place ? { place } : {}),
    isRetweet: false,
    isReply: false,
    ...(url ? { url } : {}),
  };
}
