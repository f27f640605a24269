/**
 * The AWS price table the benchmark turns its measured counts into dollars with: us-east-1
 * (N. Virginia), on-demand list prices in USD, first (most expensive) volume tier, no free tier.
 *
 * Compiled 2026-11-22 from the public pricing pages named in `source` below, as known at that
 * date; this machine has no internet access, so they were not re-fetched that day. Check them
 * against the pages before quoting the totals to anyone: AWS changes prices (DynamoDB on-demand
 * halved on 2024-11-01; Lambda logs moved to tiered "vended logs" pricing on 2025-05-01).
 */

export const PRICES_AS_OF = '2026-11-22';
export const PRICE_REGION = 'us-east-1';

/** Binary units, as AWS bills GB of data and Lambda memory (1 GB = 1,024 MB). */
export const GB = 1024 ** 3;
export const KB = 1024;

export const PRICES = {
  kinesis: {
    source: 'Amazon Kinesis Data Streams pricing (aws.amazon.com/kinesis/data-streams/pricing)',
    provisioned: {
      shardHour: 0.015,
      /** Per PUT payload unit: each record counts 1 unit per started 25 KB. */
      putPayloadUnit: 0.014 / 1e6,
      putPayloadUnitBytes: 25 * KB,
    },
    onDemand: {
      streamHour: 0.04,
      /** Per GB written; each record is rounded up to the next 1 KB. */
      ingestedGb: 0.08,
      /** Per GB read by consumers (the Lambda event source mapping), also per record rounded to 1 KB. */
      retrievedGb: 0.04,
    },
  },
  lambda: {
    source: 'AWS Lambda pricing (aws.amazon.com/lambda/pricing), Arm price',
    request: 0.2 / 1e6,
    /** arm64, first 7.5 billion GB-s a month; x86_64 would be 0.0000166667. */
    gbSecondArm64: 0.0000133334,
    /** Lambda bills duration rounded up to the next 1 ms. */
    billingGranularityMs: 1,
  },
  stepFunctionsExpress: {
    source: 'AWS Step Functions pricing (aws.amazon.com/step-functions/pricing), Express Workflows',
    request: 1.0 / 1e6,
    /** First 1,000 GB-hours a month; then 0.00000833, and 0.00000456 beyond 5,000 GB-hours. */
    gbSecond: 0.00001667,
    /** Each execution's duration is rounded up to the next 100 ms ... */
    billingGranularityMs: 100,
    /** ... and its memory to the next 64 MB; a small workflow like ours bills the minimum. */
    memoryMb: 64,
  },
  dynamodb: {
    source:
      'Amazon DynamoDB pricing for on-demand capacity (aws.amazon.com/dynamodb/pricing/on-demand), Standard table class, after the 50% cut of 2024-11-01 (was 1.25 / 0.25)',
    writeRequestUnit: 0.625 / 1e6,
    readRequestUnit: 0.125 / 1e6,
  },
  comprehend: {
    source:
      'Amazon Comprehend pricing (aws.amazon.com/comprehend/pricing), natural language processing',
    /** DetectSentiment and DetectDominantLanguage, per unit up to 10 M units a month (then 0.00005). */
    unit: 0.0001,
    unitChars: 100,
    minUnitsPerDocument: 3,
  },
  cloudwatchLogs: {
    source:
      'Amazon CloudWatch pricing (aws.amazon.com/cloudwatch/pricing), Logs: Standard ingestion, and Lambda logs as vended logs (first 10 TB a month)',
    ingestedGb: 0.5,
  },
  xray: {
    source: 'AWS X-Ray pricing (aws.amazon.com/xray/pricing)',
    traceRecorded: 5.0 / 1e6,
  },
  // The corpus (issue 12), added 2026-12-04 from the pages named below, as known at that date.
  firehose: {
    source:
      'Amazon Data Firehose pricing (aws.amazon.com/firehose/pricing), Direct PUT, first 500 TB a month',
    /** Per GB ingested; each record is rounded up to the next 5 KB. */
    ingestedGb: 0.029,
    recordRoundingBytes: 5 * KB,
    /** Data format conversion (JSON to Parquet), per GB ingested. */
    formatConversionGb: 0.018,
    /** Dynamic partitioning: per GB processed, per 1,000 S3 objects delivered, per JQ hour. */
    partitioningGb: 0.02,
    partitioningObject: 0.005 / 1000,
    jqHour: 0.07,
  },
  s3: {
    source: 'Amazon S3 pricing (aws.amazon.com/s3/pricing), first 50 TB a month',
    standardGbMonth: 0.023,
    glacierInstantRetrievalGbMonth: 0.004,
    putRequest: 0.005 / 1000,
    /** Lifecycle transition requests into Glacier Instant Retrieval. */
    transitionToGlacierIrRequest: 0.02 / 1000,
  },
  // Athena ($5 per TB, 10 MB minimum per query): functions/domain/athena-cost.ts, which the
  // History view uses for its cost note too.
} as const;

/**
 * Figures the local stack cannot measure, with the reason for each value. The cost model takes
 * them as options so a reader can try others.
 */
export const ASSUMPTIONS = {
  /**
   * Lambda's own log lines per invocation with LogFormat JSON (platform.start and
   * platform.report records with request id, duration, memory and X-Ray ids): about 500 bytes.
   */
  platformLogBytesPerInvocation: 500,
  /** Volume the fixed stream charges (shard-hours or stream-hours) are spread over. */
  postsPerMonth: 100_000_000,
  hoursPerMonth: 730,
  /**
   * S3 objects Firehose delivers: one per 60 s buffer (the template's IntervalInSeconds; at
   * these rates 64 MB fills later) and per partition written in it. Posts arrive close to their
   * event time, so one partition (the current hour) is written per buffer: 60 an hour.
   */
  archiveObjectsPerHour: 60,
  /** JQ time per record of the partitioning query (two string slices); a guess, it is tiny. */
  jqSecondsPerRecord: 10e-6,
} as const;
