import { createServer, type Server } from 'node:http';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { type EventSources, startEventSources } from '../../../../local/event-sources';
import type { DynamoDbWireRecord } from '../../../../local/event-sources/events';
import { listen } from '../../../../local/services/net';
import { functionArn } from '../../../../local/template/names';
import type { FunctionDef } from '../../../../local/template/types';

jest.setTimeout(30_000);

const STREAM_ARN =
  'arn:aws:dynamodb:ddblocal:000000000000:table/PostsTable/stream/2026-01-01T00:00:00.000';

interface FakeShard {
  id: string;
  parent?: string;
  records: DynamoDbWireRecord[];
  closed: boolean;
}

const wire = (
  seq: number,
  eventName: DynamoDbWireRecord['eventName'] = 'INSERT',
): DynamoDbWireRecord => ({
  eventID: `e${seq}`,
  eventName,
  eventVersion: '1.1',
  eventSource: 'aws:dynamodb',
  awsRegion: 'ddblocal',
  dynamodb: {
    ApproximateCreationDateTime: Math.floor(Date.now() / 1000),
    Keys: { id: { S: `p${seq}` } },
    NewImage: { id: { S: `p${seq}` } },
    SequenceNumber: String(seq).padStart(21, '0'),
    SizeBytes: 10,
    StreamViewType: 'NEW_IMAGE',
  },
});

/**
 * A DynamoDB Streams endpoint with one closed parent shard and its open child, like DynamoDB
 * Local after a shard roll-over. Iterators are `<shard>|<index of the next record>`.
 */
function fakeStreams(shards: FakeShard[]): Server {
  const ops: Record<string, (b: Record<string, string | number | undefined>) => unknown> = {
    DescribeStream: () => ({
      StreamDescription: {
        StreamArn: STREAM_ARN,
        Shards: shards.map((s) => ({
          ShardId: s.id,
          ...(s.parent ? { ParentShardId: s.parent } : {}),
        })),
      },
    }),
    GetShardIterator: (b) => {
      const shard = shards.find((s) => s.id === b.ShardId)!;
      let index = 0;
      if (b.ShardIteratorType === 'LATEST') index = shard.records.length;
      if (b.ShardIteratorType === 'AFTER_SEQUENCE_NUMBER') {
        index = shard.records.findIndex((r) => r.dynamodb.SequenceNumber === b.SequenceNumber) + 1;
      }
      return { ShardIterator: `${shard.id}|${index}` };
    },
    GetRecords: (b) => {
      const [id, at] = String(b.ShardIterator).split('|') as [string, string];
      const shard = shards.find((s) => s.id === id)!;
      const records = shard.records.slice(Number(at), Number(at) + Number(b.Limit ?? 1000));
      const next = Number(at) + records.length;
      const drained = shard.closed && next >= shard.records.length;
      return { Records: records, ...(drained ? {} : { NextShardIterator: `${id}|${next}` }) };
    },
  };
  return createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const op = String(req.headers['x-amz-target']).split('.')[1] ?? '';
      res.setHeader('content-type', 'application/x-amz-json-1.0');
      res.end(JSON.stringify(ops[op]!(JSON.parse(body) as Record<string, string>)));
    });
  });
}

const enrich: FunctionDef = {
  logicalId: 'StreamFunction',
  name: 'StreamFunction',
  arn: functionArn('StreamFunction'),
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
      kind: 'DynamoDB',
      name: 'NewPosts',
      streamArn: STREAM_ARN,
      enabled: true,
      startingPosition: 'TRIM_HORIZON',
      batchSize: 100,
      maximumBatchingWindowInSeconds: 0,
      filterPatterns: ['{"eventName": ["INSERT"]}'],
      reportBatchItemFailures: true,
      bisectBatchOnFunctionError: true,
      maximumRetryAttempts: 5,
      maximumRecordAgeInSeconds: 86400,
      parallelizationFactor: 1,
    },
  ],
};

describe('DynamoDB Streams event source mapping', () => {
  let server: Server;
  let sources: EventSources | undefined;
  afterEach(async () => {
    await sources?.stop();
    await new Promise((r) => server.close(r));
  });

  it('reads a closed parent shard to its end before its child, keeping INSERTs only', async () => {
    const shards: FakeShard[] = [
      { id: 'shardId-parent', records: [wire(1), wire(2, 'MODIFY'), wire(3)], closed: true },
      {
        id: 'shardId-child',
        parent: 'shardId-parent',
        records: [wire(4), wire(5, 'REMOVE'), wire(6)],
        closed: false,
      },
    ];
    server = fakeStreams(shards);
    const port = await listen(server, 0);
    const events: DynamoDBStreamEvent[] = [];
    sources = await startEventSources({
      functions: [enrich],
      invoke: async (_id, e) => {
        events.push(e as DynamoDBStreamEvent);
        return { batchItemFailures: [] };
      },
      endpoints: {
        kinesis: 'http://127.0.0.1:1',
        dynamodb: `http://127.0.0.1:${port}`,
        sqs: 'http://127.0.0.1:1',
      },
      queues: [],
      log: () => undefined,
      tuning: { basePollMs: 20, discoveryIntervalMs: 100 },
    });
    const seqs = () =>
      events.flatMap((e) => e.Records.map((r) => Number(r.dynamodb!.SequenceNumber)));
    const deadline = Date.now() + 20_000;
    while (seqs().length < 4 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));

    expect(seqs()).toEqual([1, 3, 4, 6]);
    expect(events[0]!.Records[0]).toEqual({
      eventID: 'e1',
      eventName: 'INSERT',
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: 'us-east-1',
      dynamodb: expect.objectContaining({ Keys: { id: { S: 'p1' } }, StreamViewType: 'NEW_IMAGE' }),
      eventSourceARN: STREAM_ARN,
    });
    const key = `StreamFunction/NewPosts/${STREAM_ARN}`;
    const cps = sources.checkpoints()[key]!.shards;
    expect(cps['shardId-parent']).toEqual({
      sequenceNumber: '000000000000000000003',
      finished: true,
    });
    expect(cps['shardId-child']!.sequenceNumber).toBe('000000000000000000006');
    expect(sources.counters()['StreamFunction.NewPosts']!.filtered).toBe(2);
  });
});
