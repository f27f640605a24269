import { createKinesisClient } from '../../../sources/kinesis/client';
import { createKinesisWriter } from '../../../sources/kinesis/writer';
import type { StackView } from './measure';

export interface KinesisRecord {
  partitionKey: string;
  data: object;
}

/** Puts the records into the stack's stream as a source would, in order; throws if any is refused. */
export async function putRecords(
  view: StackView,
  records: readonly KinesisRecord[],
): Promise<void> {
  const stream = Object.values(view.resources.streams)[0];
  if (!stream) throw new Error('template.yaml defines no Kinesis stream');
  const client = createKinesisClient({ endpoint: view.endpoints.kinesis });
  try {
    const writer = createKinesisWriter({ client, streamName: stream.name });
    for (const r of records) await writer.put(r);
    await writer.close();
    const stats = writer.stats();
    if (stats.failed > 0) throw new Error(`Kinesis refused ${stats.failed} record(s)`);
  } finally {
    client.destroy();
  }
}

/** A stream rather than a burst: `size` records per PutRecords call, `pauseMs` apart. */
export async function sendInChunks(
  view: StackView,
  records: readonly KinesisRecord[],
  size: number,
  pauseMs: number,
): Promise<void> {
  for (let i = 0; i < records.length; i += size) {
    if (i > 0) await new Promise((r) => setTimeout(r, pauseMs));
    await putRecords(view, records.slice(i, i + size));
  }
}
