/**
 * The corpus's share of the cost per million posts (issue 12): Firehose ingestion, Parquet
 * conversion and dynamic partitioning, S3 storage and requests, and Athena for the named queries
 * over a month of posts. Pure, like model.ts; checked by hand in tests/unit/bench/cost.test.ts.
 */
import { athenaQueryCostUsd } from '../../functions/domain/athena-cost';
import type { CostLine } from './model';
import { ASSUMPTIONS, GB, PRICES } from './prices';

/** What archiving took, per 1,000 counted posts. */
export interface ArchiveUsage {
  /** Records put into Firehose (Persist may archive a post more than once). */
  records: number;
  /** Their bytes with each record rounded up to 5 KB, as Firehose bills ingestion. */
  billedBytes: number;
  /** Their bytes as sent. */
  bytes: number;
  /** Bytes of Parquet (Snappy) the posts take once in large files, as Firehose writes them. */
  parquetBytes: number;
}

const PER_MILLION = 1000;

export function archiveCostLines(a: ArchiveUsage, postsPerMonth: number): CostLine[] {
  const f = PRICES.firehose;
  const s3 = PRICES.s3;
  const billedGb = (a.billedBytes * PER_MILLION) / GB;
  const millionsPerMonth = postsPerMonth / 1e6;
  const objects =
    (ASSUMPTIONS.archiveObjectsPerHour * ASSUMPTIONS.hoursPerMonth) / millionsPerMonth;
  const jqHours = (a.records * PER_MILLION * ASSUMPTIONS.jqSecondsPerRecord) / 3600;
  const parquetGb = (a.parquetBytes * PER_MILLION) / GB;
  return [
    {
      service: 'Firehose',
      item: 'ingestion (records rounded up to 5 KB)',
      quantity: billedGb,
      unit: 'GB',
      usd: billedGb * f.ingestedGb,
      basis: 'measured',
    },
    {
      service: 'Firehose',
      item: 'format conversion to Parquet',
      quantity: billedGb,
      unit: 'GB',
      usd: billedGb * f.formatConversionGb,
      basis: 'measured',
    },
    {
      service: 'Firehose',
      item: 'dynamic partitioning, data processed',
      quantity: billedGb,
      unit: 'GB',
      usd: billedGb * f.partitioningGb,
      basis: 'measured',
    },
    {
      service: 'Firehose',
      item: `dynamic partitioning, S3 objects (${ASSUMPTIONS.archiveObjectsPerHour}/h, spread over ${millionsPerMonth} M posts/month)`,
      quantity: objects,
      unit: 'objects',
      usd: objects * f.partitioningObject,
      basis: 'assumed',
    },
    {
      service: 'Firehose',
      item: 'dynamic partitioning, JQ processing',
      quantity: jqHours,
      unit: 'hours',
      usd: jqHours * f.jqHour,
      basis: 'assumed',
    },
    {
      service: 'S3',
      item: 'PUT requests (one per object)',
      quantity: objects,
      unit: 'requests',
      usd: objects * s3.putRequest,
      basis: 'assumed',
    },
    {
      service: 'S3',
      item: 'storage, first month in S3 Standard (Parquet)',
      quantity: parquetGb,
      unit: 'GB-month',
      usd: parquetGb * s3.standardGbMonth,
      basis: 'measured',
    },
    {
      service: 'S3',
      item: 'lifecycle transition to Glacier Instant Retrieval (once per object)',
      quantity: objects,
      unit: 'requests',
      usd: objects * s3.transitionToGlacierIrRequest,
      basis: 'assumed',
    },
  ];
}

/** What storing a million posts costs each further month, in Glacier Instant Retrieval. */
export const laterMonthStorageUsd = (a: ArchiveUsage): number =>
  ((a.parquetBytes * PER_MILLION) / GB) * PRICES.s3.glacierInstantRetrievalGbMonth;

export interface AthenaMonthQuery {
  name: string;
  /** Bytes the query reads per post: the Parquet columns it needs (Athena reads no others). */
  bytesPerPost: number;
}

export interface AthenaMonthReport {
  postsPerSecond: number;
  postsPerMonth: number;
  queries: { name: string; bytesScanned: number; usd: number }[];
  /** One run of each named query over the month, per million posts of that month. */
  usdPerMillionPosts: number;
}

/** Each named query run once over a month of posts arriving at `postsPerSecond`. */
export function athenaMonth(
  queries: AthenaMonthQuery[],
  postsPerSecond: number,
): AthenaMonthReport {
  const postsPerMonth = postsPerSecond * 3600 * ASSUMPTIONS.hoursPerMonth;
  const rows = queries.map((q) => {
    const bytesScanned = q.bytesPerPost * postsPerMonth;
    return { name: q.name, bytesScanned, usd: athenaQueryCostUsd(bytesScanned) };
  });
  const total = rows.reduce((sum, r) => sum + r.usd, 0);
  return {
    postsPerSecond,
    postsPerMonth,
    queries: rows,
    usdPerMillionPosts: postsPerMonth > 0 ? total / (postsPerMonth / 1e6) : 0,
  };
}
