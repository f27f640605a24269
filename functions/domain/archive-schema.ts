/**
 * The archive's schema, once: the columns of the Glue table `posts_archive` (template.yaml,
 * ArchivePostsTable) in their Glue (Hive) types, and its partition keys. The archive record
 * (archive.ts) is typed from it, the local Parquet writer and DuckDB read it, and
 * tests/template/archive.test.ts fails when the Glue table says anything else.
 */

export interface ArchiveColumn {
  name: string;
  /** Glue/Hive type, as the Glue table declares it. */
  type: 'string' | 'double' | 'timestamp' | 'int' | 'array<string>';
  comment: string;
}

export const ARCHIVE_COLUMNS = [
  { name: 'id', type: 'string', comment: 'post id, prefixed (x:, bsky:, reddit:...)' },
  { name: 'source', type: 'string', comment: 'x, bsky, reddit, demo, replay or post' },
  { name: 'text', type: 'string', comment: 'full text' },
  { name: 'created_at', type: 'timestamp', comment: 'event time, UTC' },
  { name: 'lang', type: 'string', comment: 'ISO 639-1 language, when known' },
  { name: 'sentiment', type: 'string', comment: 'POSITIVE, NEGATIVE, NEUTRAL or MIXED' },
  { name: 'sentiment_positive', type: 'double', comment: 'probability' },
  { name: 'sentiment_negative', type: 'double', comment: 'probability' },
  { name: 'sentiment_neutral', type: 'double', comment: 'probability' },
  { name: 'sentiment_mixed', type: 'double', comment: 'probability' },
  { name: 'enrich_status', type: 'string', comment: 'OK, UNSUPPORTED_LANGUAGE or FAILED' },
  { name: 'hashtags', type: 'array<string>', comment: 'hashtag keys, lower case' },
  { name: 'cashtags', type: 'array<string>', comment: 'cashtags such as $AAPL' },
  { name: 'place_id', type: 'string', comment: 'place id' },
  { name: 'place_name', type: 'string', comment: 'place name' },
  { name: 'country', type: 'string', comment: 'country name' },
  { name: 'country_code', type: 'string', comment: 'ISO 3166-1 alpha-2' },
  { name: 'lat', type: 'double', comment: 'latitude (exact, else bounding box centre)' },
  { name: 'lon', type: 'double', comment: 'longitude' },
  { name: 'author_id', type: 'string', comment: 'author id at the source' },
  { name: 'author_handle', type: 'string', comment: 'author handle' },
  { name: 'url', type: 'string', comment: 'link to the post' },
  { name: 'archived_at', type: 'timestamp', comment: 'when Persist archived it, UTC' },
  {
    name: 'removed_at',
    type: 'timestamp',
    comment: 'when the post was deleted or replaced by an edit; the posts view leaves it out',
  },
] as const satisfies readonly ArchiveColumn[];

export type ArchiveColumnName = (typeof ARCHIVE_COLUMNS)[number]['name'];

/** Hive-style partitions of the archive's files: `dt=YYYY-MM-DD/hour=HH`, by event time. */
export const ARCHIVE_PARTITION_KEYS = [
  { name: 'dt', type: 'string', comment: 'event date, UTC (YYYY-MM-DD)' },
  { name: 'hour', type: 'int', comment: 'event hour, UTC (0-23)' },
] as const satisfies readonly ArchiveColumn[];

/** Names of the Glue objects inside the stack's database. */
export const ARCHIVE_TABLE = 'posts_archive';
export const POSTS_VIEW = 'posts';
