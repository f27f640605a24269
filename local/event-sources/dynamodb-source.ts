import { dynamoDbStreamsClient } from './dynamodb-streams-client';
import { dynamoDbLambdaRecord, type DynamoDbWireRecord, type SourceRecord } from './events';
import type { ShardReader } from './shard-processor';
import type { ShardInfo, StartPosition, StreamSource } from './stream-source';

/** DynamoDB Streams returns at most 1,000 records per GetRecords. */
const READ_LIMIT = 1000;

interface DescribeStreamOutput {
  StreamDescription: {
    Shards?: { ShardId: string; ParentShardId?: string }[];
    LastEvaluatedShardId?: string;
  };
}

/**
 * Reads a DynamoDB Local table stream. Its shards close and roll over like the real service's,
 * so the mapping follows parents before children and NextShardIterator until it is null.
 */
export function dynamoDbStreamSource(opts: { endpoint: string; streamArn: string }): StreamSource {
  const client = dynamoDbStreamsClient(opts.endpoint);
  const { streamArn } = opts;
  return {
    async listShards(): Promise<ShardInfo[]> {
      const shards: ShardInfo[] = [];
      let start: string | undefined;
      do {
        const out = await client.call<DescribeStreamOutput>('DescribeStream', {
          StreamArn: streamArn,
          ...(start ? { ExclusiveStartShardId: start } : {}),
        });
        for (const s of out.StreamDescription.Shards ?? []) {
          shards.push({
            shardId: s.ShardId,
            parentShardIds: s.ParentShardId ? [s.ParentShardId] : [],
          });
        }
        start = out.StreamDescription.LastEvaluatedShardId;
      } while (start);
      return shards;
    },
    reader(shardId: string, start: StartPosition): ShardReader {
      let iterator: string | undefined;
      let last: string | undefined;
      const iteratorRequest = (): Record<string, unknown> => {
        const base = { StreamArn: streamArn, ShardId: shardId };
        const after =
          last ?? (start.type === 'AFTER_SEQUENCE_NUMBER' ? start.sequenceNumber : undefined);
        if (after)
          return { ...base, ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: after };
        // DynamoDB Streams has no AT_TIMESTAMP; the mapping never asks for it here.
        return { ...base, ShardIteratorType: start.type === 'LATEST' ? 'LATEST' : 'TRIM_HORIZON' };
      };
      const open = async (): Promise<void> => {
        iterator ??= (
          await client.call<{ ShardIterator: string }>('GetShardIterator', iteratorRequest())
        ).ShardIterator;
      };
      return {
        open,
        async read() {
          await open();
          let out: { Records?: DynamoDbWireRecord[]; NextShardIterator?: string | null };
          try {
            out = await client.call('GetRecords', { ShardIterator: iterator, Limit: READ_LIMIT });
          } catch (err) {
            const name = (err as Error).name;
            if (name === 'ExpiredIteratorException') {
              iterator = undefined;
              return { records: [], closed: false };
            }
            if (name === 'TrimmedDataAccessException') {
              // Records older than the stream keeps (24 h) are gone: carry on from the oldest left.
              iterator = undefined;
              last = undefined;
              start = { type: 'TRIM_HORIZON' };
              return { records: [], closed: false };
            }
            throw err;
          }
          const records: SourceRecord[] = (out.Records ?? []).map((r) => {
            const lambda = dynamoDbLambdaRecord(r, { streamArn });
            const created = r.dynamodb.ApproximateCreationDateTime;
            return {
              sequenceNumber: r.dynamodb.SequenceNumber,
              arrivalMs: created !== undefined ? created * 1000 : Date.now(),
              lambda,
              filterView: lambda,
            };
          });
          if (records.length > 0) last = records[records.length - 1]!.sequenceNumber;
          iterator = out.NextShardIterator ?? undefined;
          return {
            records,
            closed: !out.NextShardIterator,
            more: records.length >= READ_LIMIT,
          };
        },
      };
    },
  };
}
