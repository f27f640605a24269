import { putRecords, type KinesisRecord } from '../../support/stack-io';
import type { StackView } from './measure';

export { putRecords, type KinesisRecord };

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
