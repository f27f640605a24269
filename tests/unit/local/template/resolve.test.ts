import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { yamlParse } from 'yaml-cfn';
import { findRepoRoot } from '../../../../local/paths';
import {
  resolveRawTemplate,
  resolveTemplate,
  TemplateError,
  type RawTemplate,
} from '../../../../local/template';

const root = findRepoRoot();
const raw = yamlParse(readFileSync(join(root, 'template.yaml'), 'utf8')) as RawTemplate;
const SQS = 'http://127.0.0.1:4999';
const STREAM_ARN =
  'arn:aws:dynamodb:ddblocal:000000000000:table/PostsTable/stream/2026-01-01T00:00:00.000';

const rawFunctions = Object.entries(raw.Resources).filter(
  ([, r]) => r.Type === 'AWS::Serverless::Function',
);
type RawEvent = { Type: string; Properties: Record<string, unknown> };
const eventsOf = (id: string): Record<string, RawEvent> =>
  (raw.Resources[id]?.Properties?.Events ?? {}) as Record<string, RawEvent>;

describe('resolveTemplate on template.yaml', () => {
  const t = resolveTemplate({
    root,
    sqsEndpoint: SQS,
    tableStreamArns: { PostsTable: STREAM_ARN },
  });

  it('finds every function whose Condition holds, with an entry point that exists', () => {
    const expected = rawFunctions
      .filter(([, r]) => !r.Condition || t.conditions[r.Condition])
      .map(([id]) => id)
      .sort();
    expect(t.functions.map((f) => f.logicalId).sort()).toEqual(expected);
    for (const fn of t.functions) {
      expect(existsSync(fn.entryPoint)).toBe(true);
      expect(fn.arn).toBe(`arn:aws:lambda:us-east-1:000000000000:function:${fn.logicalId}`);
      expect(fn.handler).toMatch(new RegExp(`^${fn.handlerFile}\\.${fn.handlerExport}$`));
    }
  });

  it('merges Globals.Function into every function the way SAM does', () => {
    const globals = raw.Globals?.Function as { Timeout: number; MemorySize: number };
    for (const fn of t.functions) {
      const own = raw.Resources[fn.logicalId]!.Properties!;
      expect(fn.timeoutSeconds).toBe(own.Timeout ?? globals.Timeout);
      expect(fn.memorySize).toBe(own.MemorySize ?? globals.MemorySize);
      expect(fn.environment).toMatchObject({
        POSTS_TABLE: 'PostsTable',
        STATS_TABLE: 'StatsTable',
      });
      expect(fn.environment.POWERTOOLS_SERVICE_NAME).toBe('social-stream');
    }
    const ingest = t.functions.find((f) => f.logicalId === 'IngestFunction')!;
    expect(ingest.environment.DLQ_URL).toBe(`${SQS}/000000000000/DeadLetterQueue`);
    // From Globals: Persist writes the post items, with their TTL.
    for (const id of ['IngestFunction', 'PersistFunction']) {
      const fn = t.functions.find((f) => f.logicalId === id)!;
      expect({ id, days: fn.environment.RETENTION_DAYS }).toEqual({ id, days: '30' });
    }
  });

  it('finds every HttpApi route', () => {
    const expected = rawFunctions.flatMap(([id]) =>
      Object.values(eventsOf(id))
        .filter((e) => e.Type === 'HttpApi')
        .map((e) => ({
          functionLogicalId: id,
          method: String(e.Properties.Method).toUpperCase(),
          path: e.Properties.Path,
        })),
    );
    expect(expected.length).toBeGreaterThan(0);
    expect(t.routes).toEqual(expect.arrayContaining(expected));
    expect(t.routes).toHaveLength(expected.length);
    // The CloudFront dashboard only: AllowedOrigin and SignInFromLocalhost are off by default.
    expect(t.cors?.allowOrigins).toEqual([
      expect.stringContaining('DashboardDistribution.DomainName'),
    ]);
    expect(t.cors).toMatchObject({
      allowMethods: ['GET', 'POST', 'DELETE', 'OPTIONS'],
      maxAge: 600,
    });
  });

  it("throttles every route as the HttpApi's DefaultRouteSettings say, from the parameters", () => {
    const params = raw.Parameters!;
    expect(t.throttle).toEqual({
      rateLimit: Number(params.ApiThrottleRate!.Default),
      burstLimit: Number(params.ApiThrottleBurst!.Default),
    });
    const tight = resolveTemplate({
      root,
      sqsEndpoint: SQS,
      skipDefinitions: true,
      parameterOverrides: { ApiThrottleRate: '2', ApiThrottleBurst: '3' },
    });
    expect(tight.throttle).toEqual({ rateLimit: 2, burstLimit: 3 });
  });

  it('describes every stream event source with all its properties', () => {
    const all = t.functions.flatMap((f) => f.streamEvents.map((e) => ({ fn: f.logicalId, ...e })));
    const expectedCount = rawFunctions.flatMap(([id]) =>
      Object.values(eventsOf(id)).filter((e) => e.Type === 'Kinesis' || e.Type === 'DynamoDB'),
    ).length;
    expect(all).toHaveLength(expectedCount);
    for (const e of all) {
      const p = eventsOf(e.fn)[e.name]!.Properties;
      expect(e.batchSize).toBe(p.BatchSize ?? 100);
      expect(e.maximumRetryAttempts).toBe(p.MaximumRetryAttempts ?? -1);
      expect(e.maximumRecordAgeInSeconds).toBe(p.MaximumRecordAgeInSeconds ?? -1);
      expect(e.bisectBatchOnFunctionError).toBe(p.BisectBatchOnFunctionError ?? false);
      expect(e.startingPosition).toBe(p.StartingPosition);
      expect(e.reportBatchItemFailures).toBe(
        ((p.FunctionResponseTypes as string[] | undefined) ?? []).includes(
          'ReportBatchItemFailures',
        ),
      );
    }
    const kinesis = all.find((e) => e.kind === 'Kinesis')!;
    expect(kinesis.streamArn).toBe('arn:aws:kinesis:us-east-1:000000000000:stream/PostsStream');
    expect(kinesis.onFailureDestination).toBe('arn:aws:sqs:us-east-1:000000000000:DeadLetterQueue');
    expect(kinesis).toMatchObject({ fn: 'IngestFunction', batchSize: 5000, filterPatterns: [] });
    // PostsTable's stream has one consumer: TombstoneFunction, for removed posts.
    const ddb = all.filter((e) => e.kind === 'DynamoDB');
    expect(ddb.map((e) => [e.fn, e.streamArn])).toEqual([['TombstoneFunction', STREAM_ARN]]);
    expect(ddb.map((e) => e.filterPatterns.map((p) => JSON.parse(p) as unknown))).toEqual([
      [
        {
          eventName: ['REMOVE'],
          dynamodb: { OldImage: { tombstone: { BOOL: [{ exists: false }] } } },
        },
      ],
    ]);
    expect(ddb[0]).toMatchObject({ maximumBatchingWindowInSeconds: 5 });
  });

  it("takes Ingest's batching window from CountingBatchWindowSeconds (0 unless overridden)", () => {
    const windowOf = (tpl: typeof t): number | undefined =>
      tpl.functions.find((f) => f.logicalId === 'IngestFunction')?.streamEvents[0]
        ?.maximumBatchingWindowInSeconds;
    expect(windowOf(t)).toBe(0);
    const overridden = resolveTemplate({
      root,
      sqsEndpoint: SQS,
      tableStreamArns: { PostsTable: STREAM_ARN },
      parameterOverrides: { CountingBatchWindowSeconds: '2' },
    });
    expect(windowOf(overridden)).toBe(2);
  });

  it("takes Ingest's batches per shard from IngestParallelizationFactor (1 unless overridden)", () => {
    const lanesOf = (tpl: typeof t): number | undefined =>
      tpl.functions.find((f) => f.logicalId === 'IngestFunction')?.streamEvents[0]
        ?.parallelizationFactor;
    expect(lanesOf(t)).toBe(1);
    const overridden = resolveTemplate({
      root,
      sqsEndpoint: SQS,
      tableStreamArns: { PostsTable: STREAM_ARN },
      parameterOverrides: { IngestParallelizationFactor: '2' },
    });
    expect(lanesOf(overridden)).toBe(2);
  });

  it('describes tables, streams and queues with local names', () => {
    const posts = t.tables.find((x) => x.logicalId === 'PostsTable')!;
    expect(posts.createInput).toMatchObject({
      TableName: 'PostsTable',
      BillingMode: 'PAY_PER_REQUEST',
      StreamSpecification: { StreamEnabled: true, StreamViewType: 'OLD_IMAGE' },
    });
    expect(posts.ttl).toEqual({ attributeName: 'expiresAt', enabled: true });
    const stats = t.tables.find((x) => x.logicalId === 'StatsTable')!;
    // Rankings are read from rank lists (functions/domain/rank-lists.ts), not an index.
    expect(stats.createInput).not.toHaveProperty('GlobalSecondaryIndexes');
    expect(t.streams).toEqual([
      {
        logicalId: 'PostsStream',
        name: 'PostsStream',
        arn: 'arn:aws:kinesis:us-east-1:000000000000:stream/PostsStream',
        shardCount: 1,
      },
    ]);
    expect(t.queues).toEqual([
      {
        logicalId: 'DeadLetterQueue',
        name: 'DeadLetterQueue',
        arn: 'arn:aws:sqs:us-east-1:000000000000:DeadLetterQueue',
        url: `${SQS}/000000000000/DeadLetterQueue`,
      },
    ]);
  });

  it('loads the state machine with every DefinitionSubstitution applied', () => {
    const sm = t.stateMachines.find((m) => m.logicalId === 'EnrichStateMachine')!;
    expect(sm).toMatchObject({
      type: 'EXPRESS',
      arn: 'arn:aws:states:us-east-1:000000000000:stateMachine:EnrichStateMachine',
    });
    const text = JSON.stringify(sm.definition);
    expect(text).not.toMatch(/\$\{[A-Za-z]+\}/);
    const lambdaArns = [...text.matchAll(/arn:aws:lambda:[^"]+/g)].map((m) => m[0]);
    expect(lambdaArns.length).toBeGreaterThan(0);
    const known = new Set(t.functions.map((f) => f.arn));
    for (const arn of lambdaArns)
      expect(known.has(arn.split(':').slice(0, 7).join(':'))).toBe(true);
    // Ingest starts the executions.
    const fn = t.functions.find((f) => f.logicalId === 'IngestFunction')!;
    expect(fn.environment.STATE_MACHINE_ARN).toBe(sm.arn);
  });

  it('applies parameter overrides to conditions and resources', () => {
    const c = resolveTemplate({
      root,
      parameterOverrides: { SentimentEngine: 'comprehend', StreamMode: 'ON_DEMAND' },
    });
    expect(c.conditions).toMatchObject({
      UseComprehend: true,
      UseBuiltin: false,
      IsProvisioned: false,
    });
    expect(c.functions.map((f) => f.logicalId)).not.toContain('DetectLanguageFunction');
    expect(JSON.stringify(c.stateMachines[0]!.definition)).toContain(
      'arn:aws:states:::aws-sdk:comprehend:batchDetectSentiment',
    );
    expect(c.streams[0]!.shardCount).toBe(2);
    expect(() =>
      resolveTemplate({ root, parameterOverrides: { SentimentEngine: 'magic' } }),
    ).toThrow(TemplateError);
  });
});

describe('resolveRawTemplate', () => {
  const base = (
    resources: RawTemplate['Resources'],
    extra: Partial<RawTemplate> = {},
  ): RawTemplate => ({
    Globals: { Function: { Runtime: 'nodejs22.x', Timeout: 5 } },
    Resources: resources,
    ...extra,
  });

  it('makes a new function, route and schedule appear with no other change', () => {
    const t = resolveRawTemplate(
      base({
        HelloFunction: {
          Type: 'AWS::Serverless::Function',
          Properties: {
            CodeUri: 'functions/',
            Handler: 'hello.main',
            Events: {
              Get: { Type: 'HttpApi', Properties: { Method: 'get', Path: '/hello/{name}' } },
              Tick: {
                Type: 'Schedule',
                Properties: { Schedule: 'rate(5 minutes)', Enabled: false },
              },
              Nightly: {
                Type: 'ScheduleV2',
                Properties: { ScheduleExpression: 'cron(0 3 * * ? *)', Input: '{"a":1}' },
              },
            },
          },
        },
      }),
      { root: '/repo' },
    );
    expect(t.functions).toHaveLength(1);
    expect(t.functions[0]).toMatchObject({
      logicalId: 'HelloFunction',
      entryPoint: '/repo/functions/hello.ts',
      handlerExport: 'main',
      timeoutSeconds: 5,
      memorySize: 128,
    });
    expect(t.routes).toEqual([
      { functionLogicalId: 'HelloFunction', method: 'GET', path: '/hello/{name}' },
    ]);
    expect(t.functions[0]!.schedules).toEqual([
      { kind: 'Schedule', name: 'Tick', expression: 'rate(5 minutes)', enabled: false },
      {
        kind: 'ScheduleV2',
        name: 'Nightly',
        expression: 'cron(0 3 * * ? *)',
        enabled: true,
        input: '{"a":1}',
      },
    ]);
  });

  it('creates a table with the global secondary indexes it declares, billed on demand', () => {
    const t = resolveRawTemplate(
      base({
        Table: {
          Type: 'AWS::DynamoDB::Table',
          Properties: {
            BillingMode: 'PAY_PER_REQUEST',
            AttributeDefinitions: [
              { AttributeName: 'pk', AttributeType: 'S' },
              { AttributeName: 'n', AttributeType: 'N' },
            ],
            KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
            GlobalSecondaryIndexes: [
              {
                IndexName: 'ByN',
                KeySchema: [{ AttributeName: 'n', KeyType: 'HASH' }],
                Projection: { ProjectionType: 'KEYS_ONLY' },
              },
            ],
          },
        },
      }),
      { root: '/repo' },
    );
    const index = t.tables[0]!.createInput.GlobalSecondaryIndexes?.[0];
    expect(index).toMatchObject({ IndexName: 'ByN', Projection: { ProjectionType: 'KEYS_ONLY' } });
    expect(index).not.toHaveProperty('ProvisionedThroughput');
  });

  it('skips resources whose Condition is false and warns once about unknown types', () => {
    const t = resolveRawTemplate(
      base(
        {
          Topic: { Type: 'AWS::SNS::Topic' },
          Bucket: { Type: 'AWS::S3::Bucket' },
          Role: { Type: 'AWS::IAM::Role' },
          Q: { Type: 'AWS::SQS::Queue', Condition: 'Off', Properties: { QueueName: 'q' } },
          Q2: {
            Type: 'AWS::SQS::Queue',
            Properties: { QueueName: { 'Fn::Sub': '${AWS::StackName}-q2' } },
          },
        },
        { Conditions: { Off: { 'Fn::Equals': ['a', 'b'] } } },
      ),
      { root: '/repo', stackName: 'st', sqsEndpoint: 'http://127.0.0.1:1' },
    );
    expect(t.queues.map((q) => q.name)).toEqual(['st-q2']);
    expect(t.warnings).toHaveLength(1);
    expect(t.warnings[0]).toMatch(/Topic \(AWS::SNS::Topic\), Bucket \(AWS::S3::Bucket\)$/);
  });

  it('refuses a reference to a resource whose Condition is false', () => {
    expect(() =>
      resolveRawTemplate(
        base(
          {
            Q: { Type: 'AWS::SQS::Queue', Condition: 'Off' },
            F: {
              Type: 'AWS::Serverless::Function',
              Properties: { Handler: 'a.b', Environment: { Variables: { Q: { Ref: 'Q' } } } },
            },
          },
          { Conditions: { Off: { 'Fn::Equals': ['a', 'b'] } } },
        ),
        { root: '/repo' },
      ),
    ).toThrow(/Condition is false/);
  });
});
