import {
  biggestLines,
  costPerMillionPosts,
  type CostReport,
  type UsagePer1000Posts,
} from '../../../bench/cost/model';
import { athenaMonth, laterMonthStorageUsd } from '../../../bench/cost/archive';
import { formatCostReport } from '../../../bench/cost/table';
import { comprehendUnits } from '../../../bench/measure';
import { type MeasuredRun, usagePer1000Posts } from '../../../bench/cost/usage';

// Per 1,000 posts; every figure below is worked out by hand from bench/cost/prices.ts.
const usage: UsagePer1000Posts = {
  kinesis: { putPayloadUnits: 1000, onDemandBilledBytes: 1000 * 2048 },
  lambda: [
    { name: 'IngestFunction', memoryMb: 512, invocations: 2, billedMs: 400, traceRoot: true },
    {
      name: 'DetectSentimentFunction',
      memoryMb: 512,
      invocations: 20,
      billedMs: 1000,
      builtinOnly: true,
    },
  ],
  stepFunctions: { executions: 4, billedMs: 2000 },
  dynamodb: { writeUnits: 4000, readUnits: 100 },
  comprehend: { detectDominantLanguageUnits: 0, detectSentimentUnits: 1500 },
  logs: { functionBytes: 1024 * 1024 },
};

const line = (r: CostReport, item: string): number => {
  const found = r.lines.find((l) => `${l.service}: ${l.item}`.startsWith(item));
  if (!found) throw new Error(`no line ${item} in ${r.lines.map((l) => l.item).join(', ')}`);
  return found.usd;
};

describe('costPerMillionPosts', () => {
  const builtin = costPerMillionPosts(usage, { engine: 'builtin', postsPerMonth: 100e6 });
  const comprehend = costPerMillionPosts(usage, { engine: 'comprehend', postsPerMonth: 100e6 });

  it('prices each line of a provisioned stream with the builtin engine', () => {
    // 1 shard x 730 h / 100 M posts = 7.3 shard-hours per million posts x $0.015
    expect(line(builtin, 'Kinesis: shard-hours')).toBeCloseTo(0.1095, 10);
    // 1,000,000 units x $0.014 per million
    expect(line(builtin, 'Kinesis: PUT payload units')).toBeCloseTo(0.014, 10);
    // (2 + 20) x 1,000 requests x $0.20 per million
    expect(line(builtin, 'Lambda: requests')).toBeCloseTo(0.0044, 10);
    // 0.4 s x 0.5 GB x 1,000 = 200 GB-s x $0.0000133334
    expect(line(builtin, 'Lambda: duration IngestFunction')).toBeCloseTo(0.00266668, 10);
    // 1 s x 0.5 GB x 1,000 = 500 GB-s
    expect(line(builtin, 'Lambda: duration DetectSentimentFunction')).toBeCloseTo(0.0066667, 10);
    // 4,000 executions x $1 per million
    expect(line(builtin, 'Step Functions: Express requests')).toBeCloseTo(0.004, 10);
    // 2 s x 64/1024 GB x 1,000 = 125 GB-s x $0.00001667
    expect(line(builtin, 'Step Functions: Express duration')).toBeCloseTo(0.00208375, 10);
    // 4,000,000 WRU x $0.625 per million; 100,000 RRU x $0.125 per million
    expect(line(builtin, 'DynamoDB: write request units')).toBeCloseTo(2.5, 10);
    expect(line(builtin, 'DynamoDB: read request units')).toBeCloseTo(0.0125, 10);
    // 1 MiB x 1,000 = 1000/1024 GB x $0.50
    expect(line(builtin, 'CloudWatch Logs: ingestion, function')).toBeCloseTo(0.48828125, 10);
    // 22,000 invocations x 500 B = 11,000,000 B / 2^30 x $0.50
    expect(line(builtin, 'CloudWatch Logs: ingestion, Lambda platform')).toBeCloseTo(
      0.0051222742,
      9,
    );
    // 2,000 Ingest invocations start traces x $5 per million
    expect(line(builtin, 'X-Ray')).toBeCloseTo(0.01, 10);
    expect(builtin.lines.some((l) => l.service === 'Comprehend')).toBe(false);
    expect(builtin.totalUsd).toBeCloseTo(3.1592206, 6);
    expect(builtin.targetUsd).toBe(10);
    expect(builtin.withinTarget).toBe(true);
  });

  it('with Comprehend charges its units and drops the builtin stand-in functions', () => {
    // 1,500,000 units x $0.0001
    expect(line(comprehend, 'Comprehend: DetectSentiment units')).toBeCloseTo(150, 10);
    expect(line(comprehend, 'Comprehend: DetectDominantLanguage units')).toBe(0);
    expect(comprehend.lines.some((l) => l.item.includes('DetectSentimentFunction'))).toBe(false);
    // 2,000 requests only
    expect(line(comprehend, 'Lambda: requests')).toBeCloseTo(0.0004, 10);
    expect(line(comprehend, 'CloudWatch Logs: ingestion, Lambda platform')).toBeCloseTo(
      0.00046566129,
      10,
    );
    expect(comprehend.totalUsd).toBeCloseTo(153.1438973, 6);
    expect(comprehend.targetUsd).toBe(320);
    expect(comprehend.withinTarget).toBe(true);
  });

  it('sorts the lines biggest first and names the few that make up most of the total', () => {
    const usd = comprehend.lines.map((l) => l.usd);
    expect(usd).toEqual([...usd].sort((a, b) => b - a));
    expect(comprehend.lines[0]!.item).toBe('DetectSentiment units');
    expect(biggestLines(comprehend).map((l) => l.item)).toEqual(['DetectSentiment units']);
    // Writes are 2.5 / 3.159 = 79% of the builtin total: the default 80% needs the logs too.
    expect(biggestLines(builtin, 0.75).map((l) => l.item)).toEqual(['write request units']);
    expect(biggestLines(builtin).map((l) => l.item)).toEqual([
      'write request units',
      'ingestion, function log lines and metrics (EMF)',
    ]);
  });

  it('prices an on-demand stream by the hour and by the KB-rounded bytes', () => {
    const r = costPerMillionPosts(usage, {
      engine: 'builtin',
      streamMode: 'ON_DEMAND',
      postsPerMonth: 100e6,
    });
    // 730 h / 100 M posts x $0.04
    expect(line(r, 'Kinesis: stream-hours')).toBeCloseTo(0.292, 10);
    // 2,048,000 B x 1,000 / 2^30 = 1.9073486 GB x $0.08, and x $0.04 to read it back
    expect(line(r, 'Kinesis: data ingested')).toBeCloseTo(0.152587890625, 10);
    expect(line(r, 'Kinesis: data retrieved')).toBeCloseTo(0.0762939453125, 10);
    expect(r.lines.some((l) => l.item.includes('shard-hours'))).toBe(false);
  });

  it('spreads the shard-hours over the monthly volume and multiplies them by the shards', () => {
    const r = costPerMillionPosts(usage, { engine: 'builtin', shards: 4, postsPerMonth: 10e6 });
    // 4 x 730 / 10 = 292 shard-hours x $0.015
    expect(line(r, 'Kinesis: shard-hours')).toBeCloseTo(4.38, 10);
  });

  it('reports a total over its target', () => {
    const heavy = { ...usage, dynamodb: { writeUnits: 20_000, readUnits: 0 } };
    const r = costPerMillionPosts(heavy, { engine: 'builtin' });
    // 20 M WRU x $0.625 per million = $12.50 alone
    expect(r.totalUsd).toBeGreaterThan(12.5);
    expect(r.withinTarget).toBe(false);
    expect(formatCostReport(r)).toMatch(/OVER the target of <= \$10\.00/);
    expect(formatCostReport(r)).toMatch(/biggest: DynamoDB write request units \(\d+%\)/);
  });
});

describe('comprehendUnits', () => {
  it('bills started 100-character units, at least 3 per document', () => {
    expect(comprehendUnits('')).toBe(3);
    expect(comprehendUnits('x'.repeat(300))).toBe(3);
    expect(comprehendUnits('x'.repeat(301))).toBe(4);
    expect(comprehendUnits('x'.repeat(1000))).toBe(10);
  });
});

describe('usagePer1000Posts', () => {
  const run: MeasuredRun = {
    counted: 2000,
    functions: [
      {
        name: 'IngestFunction',
        memoryMb: 512,
        api: false,
        streamTriggered: true,
        builtinOnly: false,
      },
      {
        name: 'StatsFunction',
        memoryMb: 256,
        api: true,
        streamTriggered: false,
        builtinOnly: false,
      },
      {
        name: 'DetectLanguageFunction',
        memoryMb: 512,
        api: false,
        streamTriggered: false,
        builtinOnly: true,
      },
      {
        name: 'DetectSentimentFunction',
        memoryMb: 512,
        api: false,
        streamTriggered: false,
        builtinOnly: true,
      },
    ],
    invocations: { IngestFunction: 4, StatsFunction: 600, DetectSentimentFunction: 40 },
    billedMs: { IngestFunction: 1000, StatsFunction: 9000, DetectSentimentFunction: 2000 },
    stepFunctions: { executions: 8, billedMs: 4000 },
    dynamodb: { writeUnits: 9000, readUnits: 700 },
    apiReadUnits: 600,
    logBytes: 4000,
    offered: {
      records: 2500,
      posts: 2000,
      putPayloadUnits: 2500,
      onDemandBilledBytes: 2500 * 1024,
      detectDominantLanguageUnits: 0,
      detectSentimentUnits: 3000,
    },
  };

  it('scales to 1,000 posts, leaves out the API and uninvoked functions and their reads', () => {
    const u = usagePer1000Posts(run);
    expect(u.lambda).toEqual([
      { name: 'IngestFunction', memoryMb: 512, invocations: 2, billedMs: 500, traceRoot: true },
      {
        name: 'DetectSentimentFunction',
        memoryMb: 512,
        invocations: 20,
        billedMs: 1000,
        builtinOnly: true,
      },
    ]);
    expect(u.dynamodb).toEqual({ writeUnits: 4500, readUnits: 50 });
    expect(u.stepFunctions).toEqual({ executions: 4, billedMs: 2000 });
    expect(u.kinesis).toEqual({ putPayloadUnits: 1000, onDemandBilledBytes: 1024 * 1000 });
    expect(u.comprehend).toEqual({ detectDominantLanguageUnits: 0, detectSentimentUnits: 1500 });
    expect(u.logs).toEqual({ functionBytes: 2000 });
  });

  it('never lets the API calibration make reads negative', () => {
    expect(usagePer1000Posts({ ...run, apiReadUnits: 5000 }).dynamodb.readUnits).toBe(0);
  });
});

describe('the corpus in the cost per million posts', () => {
  // Per 1,000 posts: 1,000 records of 480 B, each billed as 5 KB; 150 B of Parquet per post.
  const archive = {
    records: 1000,
    billedBytes: 1000 * 5120,
    bytes: 1000 * 480,
    parquetBytes: 1000 * 150,
  };
  const report = costPerMillionPosts(
    { ...usage, archive },
    { engine: 'builtin', postsPerMonth: 100e6 },
  );
  const GB = 1024 ** 3;

  it('prices Firehose on 5 KB records, S3 on the Parquet it writes, objects per 60 s buffer', () => {
    const billedGb = (5120 * 1e6) / GB; // 4.768 GB per million posts
    expect(line(report, 'Firehose: ingestion')).toBeCloseTo(billedGb * 0.029, 10);
    expect(line(report, 'Firehose: format conversion')).toBeCloseTo(billedGb * 0.018, 10);
    expect(line(report, 'Firehose: dynamic partitioning, data processed')).toBeCloseTo(
      billedGb * 0.02,
      10,
    );
    // 60 objects/h x 730 h / 100 M posts = 438 objects per million posts
    expect(line(report, 'Firehose: dynamic partitioning, S3 objects')).toBeCloseTo(
      438 * 0.000005,
      10,
    );
    expect(line(report, 'S3: PUT requests')).toBeCloseTo(438 * 0.000005, 10);
    expect(line(report, 'S3: lifecycle transition')).toBeCloseTo(438 * 0.00002, 10);
    // 1 M records x 10 us = 10 s of JQ
    expect(line(report, 'Firehose: dynamic partitioning, JQ')).toBeCloseTo((10 / 3600) * 0.07, 10);
    expect(line(report, 'S3: storage, first month')).toBeCloseTo(((150 * 1e6) / GB) * 0.023, 10);
    expect(laterMonthStorageUsd(archive)).toBeCloseTo(((150 * 1e6) / GB) * 0.004, 10);
    const base = costPerMillionPosts(usage, { engine: 'builtin', postsPerMonth: 100e6 });
    expect(report.totalUsd - base.totalUsd).toBeCloseTo(
      billedGb * (0.029 + 0.018 + 0.02) +
        438 * (0.000005 * 2 + 0.00002) +
        (10 / 3600) * 0.07 +
        ((150 * 1e6) / GB) * 0.023,
      10,
    );
  });

  it('prices Athena per TB scanned, 10 MB at least, for the named queries over a month', () => {
    const month = athenaMonth(
      [
        { name: 'big', bytesPerPost: 20 },
        { name: 'small', bytesPerPost: 0.01 },
      ],
      50,
    );
    expect(month.postsPerMonth).toBe(50 * 3600 * 730);
    const big = 20 * month.postsPerMonth;
    expect(month.queries[0]).toEqual({
      name: 'big',
      bytesScanned: big,
      usd: ((Math.ceil(big / 2 ** 20) * 2 ** 20) / 2 ** 40) * 5,
    });
    // 1.3 MB scanned bills the 10 MB minimum
    expect(month.queries[1]!.usd).toBeCloseTo(((10 * 2 ** 20) / 2 ** 40) * 5, 12);
    expect(month.usdPerMillionPosts).toBeCloseTo(
      (month.queries[0]!.usd + month.queries[1]!.usd) / 131.4,
      12,
    );
    const withAthena = costPerMillionPosts(
      { ...usage, athenaUsdPerMillionPosts: month.usdPerMillionPosts },
      { engine: 'builtin', postsPerMonth: 100e6 },
    );
    expect(line(withAthena, 'Athena: the named queries')).toBe(month.usdPerMillionPosts);
  });
});
