import { PutRecordBatchCommand, type _Record } from '@aws-sdk/client-firehose';
import { archiveRecordOf, type ArchiveRecord } from '../domain/archive';
import type { EnrichedPost } from '../domain/workflow';
import { logger } from './powertools';
import { backoffMs, RETRY, RetriesExhaustedError, sleep } from './retry';
import { archiveStreamName, firehose } from './aws/firehose';

/**
 * Sends counted posts to the archive's delivery stream (Amazon Data Firehose -> S3 as Parquet).
 * At least once: entries Firehose reports as failed are sent again, and if some still fail the
 * step throws, so Step Functions (then the stream) runs Persist again; counting is idempotent,
 * the rerun archives the posts as ALREADY_COUNTED, and the `posts` view keeps one row per id.
 */

/** PutRecordBatch takes at most 500 records and 4 MiB per call. */
export const MAX_BATCH_RECORDS = 500;
export const MAX_BATCH_BYTES = 4 * 1024 * 1024;

const encoder = new TextEncoder();

/** Newline-delimited JSON: each record one object on its own line, as the deserializer reads it. */
export const encodeRecord = (record: ArchiveRecord): Uint8Array =>
  encoder.encode(`${JSON.stringify(record)}\n`);

/** Splits encoded records into calls within both PutRecordBatch limits. */
export function batchesOf(records: readonly Uint8Array[]): Uint8Array[][] {
  const out: Uint8Array[][] = [];
  let current: Uint8Array[] = [];
  let bytes = 0;
  for (const r of records) {
    if (
      current.length === MAX_BATCH_RECORDS ||
      (current.length > 0 && bytes + r.byteLength > MAX_BATCH_BYTES)
    ) {
      out.push(current);
      current = [];
      bytes = 0;
    }
    current.push(r);
    bytes += r.byteLength;
  }
  if (current.length > 0) out.push(current);
  return out;
}

async function putBatch(stream: string, batch: readonly Uint8Array[]): Promise<void> {
  let pending = batch;
  for (let retry = 0; ; retry++) {
    const records: _Record[] = pending.map((Data) => ({ Data }));
    const out = await firehose.send(
      new PutRecordBatchCommand({ DeliveryStreamName: stream, Records: records }),
    );
    if (!out.FailedPutCount) return;
    // Responses line up with requests: the failed entries carry an ErrorCode.
    const failed = pending.filter((_, i) => out.RequestResponses?.[i]?.ErrorCode !== undefined);
    const codes = [...new Set(out.RequestResponses?.map((r) => r.ErrorCode).filter(Boolean))];
    if (retry >= RETRY.attempts) {
      throw new RetriesExhaustedError(
        'ThrottlingException',
        `${failed.length} archive records still failing after ${retry + 1} attempts: ${codes.join(', ')}`,
      );
    }
    logger.warn('Retrying archive records', { failed: failed.length, codes, retry });
    pending = failed.length > 0 ? failed : pending;
    await sleep(backoffMs(retry));
  }
}

/** Archives the records; resolves once Firehose accepted every one of them. */
export async function archiveRecords(records: readonly ArchiveRecord[]): Promise<number> {
  const stream = archiveStreamName();
  if (stream === '' || records.length === 0) return 0;
  for (const batch of batchesOf(records.map(encodeRecord))) await putBatch(stream, batch);
  return records.length;
}

/** Archives the posts; resolves once Firehose accepted every one of them. */
export const archivePosts = (posts: readonly EnrichedPost[], now: Date): Promise<number> =>
  archiveRecords(posts.map((p) => archiveRecordOf(p, now)));
