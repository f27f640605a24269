import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutRecordsCommand } from '@aws-sdk/client-kinesis';
import type { KinesisStreamEvent } from 'aws-lambda';
import { type EventSources, startEventSources } from '../../../../local/event-sources';
import {
  ensureStreams,
  type KinesisService,
  startKinesis,
} from '../../../../local/services/kinesis';
import { type SqsService, startSqs } from '../../../../local/services/sqs';
import { functionArn, kinesisStreamArn, queueArn } from '../../../../local/template/names';
import type { FunctionDef, QueueDef, StreamEventDef } from '../../../../local/template/types';

jest.setTimeout(60_000);

const STREAM = 'TestStream';

async function waitFor(condition: () => boolean, what: string, limitMs = 30_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

function fnWith(event: Partial<StreamEventDef>): FunctionDef {
  return {
    logicalId: 'IngestFunction',
    name: 'IngestFunction',
    arn: functionArn('IngestFunction'),
    entryPoint: '',
    handler: 'handler.handler',
    handlerFile: 'handler',
    handlerExport: 'handler',
    runtime: 'nodejs22.x',
    timeoutSeconds: 10,
    memorySize: 128,
    environment: {},
    external: [],
    routes: [],
    schedules: [],
    streamEvents: [
      {
        kind: 'Kinesis',
        name: 'Posts',
        streamArn: kinesisStreamArn(STREAM),
        enabled: true,
        startingPosition: 'TRIM_HORIZON',
        batchSize: 100,
        maximumBatchingWindowInSeconds: 0,
        filterPatterns: [],
        reportBatchItemFailures: true,
        bisectBatchOnFunctionError: false,
        maximumRetryAttempts: -1,
        maximumRecordAgeInSeconds: -1,
        parallelizationFactor: 1,
        ...event,
      },
    ],
  };
}

describe('Kinesis event source mapping against kinesalite', () => {
  let kinesis: KinesisService;
  let sqs: SqsService;
  let queue: QueueDef;
  let dataDir: string;
  let sources: EventSources | undefined;
  let seq = 0;

  const put = async (items: Record<string, unknown>[]): Promise<void> => {
    await kinesis.client.send(
      new PutRecordsCommand({
        StreamName: STREAM,
        Records: items.map((item) => ({
          Data: Buffer.from(JSON.stringify(item)),
          PartitionKey: `pk-${seq++}`,
        })),
      }),
    );
  };
  const start = (
    fn: FunctionDef,
    invoke: (e: KinesisStreamEvent) => unknown,
  ): Promise<EventSources> =>
    startEventSources({
      functions: [fn],
      invoke: async (_id, event) => invoke(event as KinesisStreamEvent),
      endpoints: { kinesis: kinesis.endpoint, dynamodb: 'http://127.0.0.1:1', sqs: sqs.endpoint },
      queues: [queue],
      dataDir,
      log: () => undefined,
      tuning: { basePollMs: 50, retryBaseDelayMs: 1, discoveryIntervalMs: 200 },
    });
  const decode = (r: KinesisStreamEvent['Records'][number]): Record<string, unknown> =>
    JSON.parse(Buffer.from(r.kinesis.data, 'base64').toString('utf8')) as Record<string, unknown>;

  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'esm-'));
    kinesis = await startKinesis();
    sqs = await startSqs();
    sqs.store.create('DLQ');
    queue = { logicalId: 'DLQ', name: 'DLQ', arn: queueArn('DLQ'), url: sqs.queueUrl('DLQ') };
    await ensureStreams(kinesis.client, [
      { logicalId: STREAM, name: STREAM, arn: kinesisStreamArn(STREAM), shardCount: 2 },
    ]);
  });

  afterEach(async () => {
    await sources?.stop();
    sources = undefined;
    await sqs.stop();
    await kinesis.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('delivers every record once, per shard, in Lambda event shape, with filters applied', async () => {
    const events: KinesisStreamEvent[] = [];
    sources = await start(
      fnWith({ batchSize: 4, filterPatterns: ['{"data": {"source": ["demo"]}}'] }),
      (e) => {
        events.push(e);
        return { batchItemFailures: [] };
      },
    );
    await put(
      Array.from({ length: 20 }, (_, i) => ({ n: i, source: i % 5 === 0 ? 'other' : 'demo' })),
    );
    const received = () => events.flatMap((e) => e.Records);
    await waitFor(() => received().length >= 16, '16 records');
    await waitFor(
      () => sources!.counters()['IngestFunction.Posts']!.filtered === 4,
      'filter count',
    );

    const numbers = received()
      .map((r) => decode(r).n as number)
      .sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 20 }, (_, i) => i).filter((i) => i % 5 !== 0));
    for (const e of events) {
      expect(e.Records.length).toBeLessThanOrEqual(4);
      const shards = new Set(e.Records.map((r) => r.eventID.split(':')[0]));
      expect(shards.size).toBe(1);
      for (const r of e.Records) {
        expect(r).toMatchObject({
          eventSource: 'aws:kinesis',
          eventVersion: '1.0',
          eventName: 'aws:kinesis:record',
          awsRegion: 'us-east-1',
          eventSourceARN: kinesisStreamArn(STREAM),
          invokeIdentityArn: 'arn:aws:iam::000000000000:role/IngestFunctionRole',
          kinesis: { kinesisSchemaVersion: '1.0' },
        });
        expect(r.eventID).toBe(`${r.eventID.split(':')[0]}:${r.kinesis.sequenceNumber}`);
        expect(typeof r.kinesis.approximateArrivalTimestamp).toBe('number');
      }
    }
    expect(sources.counters()['IngestFunction.Posts']!.shards).toBe(2);
  });

  it('sends a batch it gave up on to the on-failure queue and carries on', async () => {
    const seen: number[] = [];
    sources = await start(
      fnWith({
        bisectBatchOnFunctionError: true,
        maximumRetryAttempts: 1,
        onFailureDestination: queue.arn,
        batchSize: 10,
      }),
      (e) => {
        const items = e.Records.map(decode);
        if (items.some((i) => i.poison))
          throw Object.assign(new Error('bad record'), { name: 'ValidationError' });
        seen.push(...items.map((i) => i.n as number));
        return null;
      },
    );
    await put([{ n: 1 }, { n: 2, poison: true }, { n: 3 }].map((x) => x));
    const dlq = sqs.store.get('DLQ');
    await waitFor(
      () => dlq.messages.size === 1 && seen.length === 2,
      'the dead letter and the good records',
    );
    const body = JSON.parse([...dlq.messages.values()][0]!.Body) as {
      requestContext: unknown;
      responseContext: unknown;
      KinesisBatchInfo: { startSequenceNumber: string; endSequenceNumber: string };
    };
    expect(body.requestContext).toMatchObject({
      condition: 'RetryAttemptsExhausted',
      functionArn: functionArn('IngestFunction'),
      approximateInvokeCount: 2,
    });
    expect(body.responseContext).toEqual({
      statusCode: 200,
      executedVersion: '$LATEST',
      functionError: 'Unhandled',
    });
    expect(body.KinesisBatchInfo).toMatchObject({
      batchSize: 1,
      streamArn: kinesisStreamArn(STREAM),
    });
    expect(body.KinesisBatchInfo.startSequenceNumber).toBe(body.KinesisBatchInfo.endSequenceNumber);
    expect(seen.sort()).toEqual([1, 3]);
  });

  it('resumes after a restart from its checkpoints without re-delivering or skipping', async () => {
    const first: number[] = [];
    sources = await start(
      fnWith({}),
      (e) => void first.push(...e.Records.map((r) => decode(r).n as number)),
    );
    await put([{ n: 1 }, { n: 2 }, { n: 3 }]);
    await waitFor(() => first.length === 3, 'first three');
    await sources.stop();
    sources = undefined;

    await put([{ n: 4 }, { n: 5 }]);
    const second: number[] = [];
    sources = await start(
      fnWith({}),
      (e) => void second.push(...e.Records.map((r) => decode(r).n as number)),
    );
    await waitFor(() => second.length >= 2, 'the two new records');
    await put([{ n: 6 }]);
    await waitFor(() => second.length >= 3, 'one more');
    expect(second.sort()).toEqual([4, 5, 6]);
  });

  it('starts at LATEST when the template says so', async () => {
    await put([{ n: 'old' }]);
    const got: unknown[] = [];
    sources = await start(
      fnWith({ startingPosition: 'LATEST' }),
      (e) => void got.push(...e.Records.map((r) => decode(r).n)),
    );
    await put([{ n: 'new' }]);
    await waitFor(() => got.length >= 1, 'the new record');
    expect(got).toEqual(['new']);
  });
});
