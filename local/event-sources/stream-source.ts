import type { ShardReader } from './shard-processor';

/** Where a shard iterator starts. */
export type StartPosition =
  | { type: 'TRIM_HORIZON' }
  | { type: 'LATEST' }
  | { type: 'AT_TIMESTAMP'; timestampMs: number }
  | { type: 'AFTER_SEQUENCE_NUMBER'; sequenceNumber: string };

export interface ShardInfo {
  shardId: string;
  /** Parent (and adjacent parent) shards: their records come first. */
  parentShardIds: string[];
}

/** A Kinesis stream or DynamoDB stream, as the event source mapping sees it. */
export interface StreamSource {
  listShards(): Promise<ShardInfo[]>;
  reader(shardId: string, start: StartPosition): ShardReader;
}
