import {
  GetRecordsCommand,
  GetShardIteratorCommand,
  ListShardsCommand,
  PutRecordCommand,
} from '@aws-sdk/client-kinesis';
import {
  ensureStreams,
  type KinesisService,
  startKinesis,
} from '../../../../local/services/kinesis';
import { kinesisStreamArn } from '../../../../local/template/names';

describe('kinesalite service', () => {
  let kinesis: KinesisService;
  beforeAll(async () => {
    kinesis = await startKinesis();
  });
  afterAll(async () => {
    await kinesis.stop();
  });

  it('listens on loopback and creates the template streams (twice without error)', async () => {
    expect(kinesis.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const def = { logicalId: 'S', name: 'S', arn: kinesisStreamArn('S'), shardCount: 3 };
    await ensureStreams(kinesis.client, [def]);
    await ensureStreams(kinesis.client, [def]);
    const shards = await kinesis.client.send(new ListShardsCommand({ StreamName: 'S' }));
    expect(shards.Shards).toHaveLength(3);
  });

  it('round-trips a record through the HTTP/1.1 client', async () => {
    await ensureStreams(kinesis.client, [
      { logicalId: 'R', name: 'R', arn: kinesisStreamArn('R'), shardCount: 1 },
    ]);
    const put = await kinesis.client.send(
      new PutRecordCommand({ StreamName: 'R', PartitionKey: 'k', Data: Buffer.from('hi') }),
    );
    const it = await kinesis.client.send(
      new GetShardIteratorCommand({
        StreamName: 'R',
        ShardId: put.ShardId,
        ShardIteratorType: 'TRIM_HORIZON',
      }),
    );
    const got = await kinesis.client.send(
      new GetRecordsCommand({ ShardIterator: it.ShardIterator }),
    );
    expect(Buffer.from(got.Records![0]!.Data!).toString()).toBe('hi');
  });
});
