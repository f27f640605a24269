import type { LocalStack } from '../../local/stack';
import { createKinesisClient } from '../../functions/shared/aws/kinesis';
import {
  createKinesisWriter,
  type KinesisWriterStats,
} from '../../functions/social/kinesis/writer';

/** The body of GET /api/stats, as the tests read it. */
export interface StatsBody {
  posts: number;
  positive: number;
  negative: number;
  neutral: number;
  mixed: number;
  unsupported: number;
  failed: number;
  deadLetters: number;
  lastPostAt?: string;
}

export interface KinesisRecord {
  partitionKey: string;
  data: Uint8Array | string | object;
}

/**
 * Puts records into the stack's stream as a source would, in order (PutRecords through the
 * project's own writer); throws if Kinesis refuses any of them.
 */
export async function putRecords(
  stack: Pick<LocalStack, 'resources' | 'endpoints'>,
  records: readonly KinesisRecord[],
): Promise<KinesisWriterStats> {
  const stream = Object.values(stack.resources.streams)[0];
  if (!stream) throw new Error('template.yaml defines no Kinesis stream');
  const client = createKinesisClient({ endpoint: stack.endpoints.kinesis });
  try {
    const writer = createKinesisWriter({ client, streamName: stream.name });
    for (const r of records) await writer.put(r);
    await writer.close();
    const stats = writer.stats();
    if (stats.failed > 0) throw new Error(`Kinesis refused ${stats.failed} record(s)`);
    return stats;
  } finally {
    client.destroy();
  }
}
