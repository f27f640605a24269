import {
  KinesisClient,
  PutRecordsCommand,
  type PutRecordsCommandInput,
  type PutRecordsResultEntry,
} from '@aws-sdk/client-kinesis';
import { mockClient } from 'aws-sdk-client-mock';
import { parseStreamRecord } from '../../../../../functions/domain/normalize/index';
import {
  createKinesisWriter,
  type KinesisWriter,
} from '../../../../../functions/social/kinesis/writer';

/**
 * A Kinesis that refuses part of every PutRecords batch: every `rejectEvery`-th record it has
 * not seen before is answered with ProvisionedThroughputExceededException, so the writer must
 * retry exactly those entries. `accepted` is what ends up in the (fake) stream.
 */
export interface FlakyKinesis {
  accepted: { partitionKey: string; data: string }[];
  rejected: number;
  calls: number;
  writer: KinesisWriter;
  /** Post ids of the accepted records, through the ingest normalizer (fails on a bad record). */
  postIds(): string[];
  restore(): void;
}

export function flakyKinesis(rejectEvery = 3): FlakyKinesis {
  const mock = mockClient(KinesisClient);
  const refusedOnce = new Set<string>();
  let fresh = 0;
  const state: FlakyKinesis = {
    accepted: [],
    rejected: 0,
    calls: 0,
    writer: undefined as unknown as KinesisWriter,
    // The posts in the stream; deletes (a source passes them on) are not posts.
    postIds: () =>
      state.accepted.flatMap((r) => {
        const result = parseStreamRecord(r.data);
        if (result.kind === 'rejected')
          throw new Error(`stream holds a bad record: ${result.reason}`);
        return result.kind === 'post' ? [result.post.id] : [];
      }),
    restore: () => mock.restore(),
  };
  mock.on(PutRecordsCommand).callsFake((input: PutRecordsCommandInput) => {
    state.calls++;
    const Records: PutRecordsResultEntry[] = (input.Records ?? []).map((r, i) => {
      const data = Buffer.from(r.Data ?? new Uint8Array()).toString('utf8');
      const key = `${r.PartitionKey}|${data}`;
      if (!refusedOnce.has(key) && ++fresh % rejectEvery === 0) {
        refusedOnce.add(key);
        state.rejected++;
        return {
          ErrorCode: 'ProvisionedThroughputExceededException',
          ErrorMessage: 'Rate exceeded for shard shardId-000000000000',
        };
      }
      state.accepted.push({ partitionKey: r.PartitionKey ?? '', data });
      return {
        SequenceNumber: `${state.calls}${String(i).padStart(4, '0')}`,
        ShardId: 'shardId-0',
      };
    });
    return { FailedRecordCount: Records.filter((r) => r.ErrorCode).length, Records };
  });
  state.writer = createKinesisWriter({
    client: new KinesisClient({ region: 'us-east-1' }),
    streamName: 'PostsStream',
    maxRecordsPerCall: 4,
    maxAttempts: 5,
    sleep: async () => undefined,
  });
  return state;
}

/** Waits (without asserting on time) until `condition` holds; Jest's timeout bounds it. */
export async function waitFor(condition: () => boolean, pollMs = 5): Promise<void> {
  while (!condition()) await new Promise((r) => setTimeout(r, pollMs));
}
