import {
  GetRecordsCommand,
  GetShardIteratorCommand,
  type GetShardIteratorCommandInput,
  type KinesisClient,
  ListShardsCommand,
  type Shard,
} from '@aws-sdk/client-kinesis';
import { kinesisLambdaRecord, type SourceRecord } from './events';
import { kinesisFilterView } from './filter';
import type { ShardReader } from './shard-processor';
import type { ShardInfo, StartPosition, StreamSource } from './stream-source';

/** GetRecords returns at most this many records per call (Kinesis allows up to 10,000). */
const READ_LIMIT = 10_000;

/** Reads a kinesalite stream. Every call passes StreamName: kinesalite ignores StreamARN. */
export function kinesisStreamSource(opts: {
  client: KinesisClient;
  streamName: string;
  streamArn: string;
  functionLogicalId: string;
  readLimit?: number;
}): StreamSource {
  const { client, streamName, streamArn } = opts;
  const limit = opts.readLimit ?? READ_LIMIT;
  return {
    async listShards(): Promise<ShardInfo[]> {
      const shards: Shard[] = [];
      let NextToken: string | undefined;
      do {
        const page = await client.send(
          new ListShardsCommand(NextToken ? { NextToken } : { StreamName: streamName }),
        );
        shards.push(...(page.Shards ?? []));
        NextToken = page.NextToken;
      } while (NextToken);
      return shards.map((s) => ({
        shardId: s.ShardId!,
        parentShardIds: [s.ParentShardId, s.AdjacentParentShardId].filter((p): p is string => !!p),
      }));
    },
    reader(shardId: string, start: StartPosition): ShardReader {
      let iterator: string | undefined;
      let last: string | undefined;
      const iteratorInput = (): GetShardIteratorCommandInput => {
        const base = { StreamName: streamName, ShardId: shardId };
        if (last)
          return {
            ...base,
            ShardIteratorType: 'AFTER_SEQUENCE_NUMBER',
            StartingSequenceNumber: last,
          };
        if (start.type === 'AFTER_SEQUENCE_NUMBER') {
          return {
            ...base,
            ShardIteratorType: start.type,
            StartingSequenceNumber: start.sequenceNumber,
          };
        }
        if (start.type === 'AT_TIMESTAMP') {
          return { ...base, ShardIteratorType: start.type, Timestamp: new Date(start.timestampMs) };
        }
        return { ...base, ShardIteratorType: start.type };
      };
      const open = async (): Promise<void> => {
        iterator ??= (await client.send(new GetShardIteratorCommand(iteratorInput())))
          .ShardIterator;
      };
      return {
        open,
        async read() {
          await open();
          let out;
          try {
            out = await client.send(
              new GetRecordsCommand({
                ShardIterator: iterator,
                Limit: limit,
              }),
            );
          } catch (err) {
            if ((err as Error).name !== 'ExpiredIteratorException') throw err;
            // Iterators expire after 5 minutes; a new one resumes after the last record read.
            iterator = undefined;
            return { records: [], closed: false };
          }
          const records: SourceRecord[] = (out.Records ?? []).map((r) => {
            const arrivalMs = r.ApproximateArrivalTimestamp?.getTime() ?? Date.now();
            const lambda = kinesisLambdaRecord(
              {
                partitionKey: r.PartitionKey!,
                sequenceNumber: r.SequenceNumber!,
                data: r.Data ?? new Uint8Array(),
                arrivalMs,
              },
              { shardId, streamArn, functionLogicalId: opts.functionLogicalId },
            );
            return {
              sequenceNumber: r.SequenceNumber!,
              arrivalMs,
              lambda,
              filterView: kinesisFilterView(
                lambda.kinesis as Parameters<typeof kinesisFilterView>[0],
              ),
            };
          });
          if (records.length > 0) last = records[records.length - 1]!.sequenceNumber;
          iterator = out.NextShardIterator;
          return {
            records,
            closed: !out.NextShardIterator,
            more: records.length >= limit,
          };
        },
      };
    },
  };
}
