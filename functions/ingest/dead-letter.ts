import {
  SendMessageBatchCommand,
  type MessageAttributeValue,
  type SendMessageBatchRequestEntry,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { KinesisStreamRecord } from 'aws-lambda';
import type { RejectCode } from '../domain/normalize';
import { logger } from '../shared/powertools';
import { mapWithConcurrency } from '../shared/pool';

/** Bodies stay under this so a message (body + attributes) is far from SQS's limit. */
export const MAX_BODY_BYTES = 200_000;
const MAX_BATCH_ENTRIES = 10;
/** SQS caps the whole SendMessageBatch payload at 256 KiB. */
const MAX_BATCH_BYTES = 256 * 1024;
const MAX_ATTEMPTS = 3;
const MAX_REASON_LENGTH = 1000;
const MAX_CALLS_IN_FLIGHT = 10;

export interface RejectedRecord {
  record: KinesisStreamRecord;
  code: RejectCode;
  reason: string;
}

export interface DeadLetterBody {
  kind: 'rejected-record';
  code: RejectCode;
  reason: string;
  eventSourceARN: string;
  shardId: string;
  sequenceNumber: string;
  partitionKey: string;
  approximateArrivalTimestamp: number;
  data: string;
  dataEncoding: 'utf8' | 'base64';
  truncated: boolean;
}

// ignoreBOM keeps a leading byte-order mark in the text: the letter must hold the bytes as sent.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const bytesOf = (s: string): number => Buffer.byteLength(s, 'utf8');

// SQS accepts only these XML characters; anything else in an attribute becomes U+FFFD.
const SQS_INVALID_RE = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

const cleanReason = (reason: string): string =>
  reason.replace(SQS_INVALID_RE, '\uFFFD').slice(0, MAX_REASON_LENGTH);

/**
 * The raw record as text when it is valid UTF-8 SQS can carry (JSON escapes control characters
 * but not U+FFFE/U+FFFF), else base64.
 */
function dataOf(raw: Buffer): { text: string; encoding: 'utf8' | 'base64' } {
  try {
    const text = utf8.decode(raw);
    if (!/[\uFFFE\uFFFF]/.test(text)) return { text, encoding: 'utf8' };
  } catch {
    // not UTF-8: base64 below
  }
  return { text: raw.toString('base64'), encoding: 'base64' };
}

/** Cuts UTF-8 bytes to at most `max`, on a character boundary. */
function truncateUtf8(bytes: Buffer, max: number): string {
  let n = Math.min(max, bytes.length);
  while (n > 0 && n < bytes.length && ((bytes[n] ?? 0) & 0xc0) === 0x80) n--;
  return bytes.subarray(0, n).toString('utf8');
}

/** The DLQ message body for a rejected record, with the data cut to keep it under the limit. */
export function deadLetterBody(rejected: RejectedRecord): string {
  const { record, code, reason } = rejected;
  const raw = Buffer.from(record.kinesis.data, 'base64');
  const { text, encoding } = dataOf(raw);
  const body: DeadLetterBody = {
    kind: 'rejected-record',
    code,
    reason: cleanReason(reason),
    eventSourceARN: record.eventSourceARN,
    shardId: record.eventID.split(':')[0] ?? '',
    sequenceNumber: record.kinesis.sequenceNumber,
    partitionKey: record.kinesis.partitionKey,
    approximateArrivalTimestamp: record.kinesis.approximateArrivalTimestamp,
    data: text,
    dataEncoding: encoding,
    truncated: false,
  };
  const full = JSON.stringify(body);
  if (bytesOf(full) <= MAX_BODY_BYTES) return full;

  const overhead = bytesOf(JSON.stringify({ ...body, data: '', truncated: true }));
  if (encoding === 'base64') {
    const keep = Math.floor(((MAX_BODY_BYTES - overhead) / 4) * 3);
    return JSON.stringify({
      ...body,
      data: raw.subarray(0, keep).toString('base64'),
      truncated: true,
    });
  }
  // JSON escaping can make the text longer than its bytes: shrink until it fits.
  const textBytes = Buffer.from(text, 'utf8');
  let budget = MAX_BODY_BYTES - overhead;
  for (;;) {
    const out = JSON.stringify({ ...body, data: truncateUtf8(textBytes, budget), truncated: true });
    const excess = bytesOf(out) - MAX_BODY_BYTES;
    if (excess <= 0) return out;
    budget -= excess;
  }
}

function attributes(code: RejectCode, reason: string): Record<string, MessageAttributeValue> {
  return {
    code: { DataType: 'String', StringValue: code },
    reason: { DataType: 'String', StringValue: cleanReason(reason) },
  };
}

function entrySize(e: SendMessageBatchRequestEntry): number {
  const attrs = Object.entries(e.MessageAttributes ?? {}).reduce(
    (n, [k, v]) => n + bytesOf(k) + bytesOf(v.DataType ?? '') + bytesOf(v.StringValue ?? ''),
    0,
  );
  return bytesOf(e.MessageBody ?? '') + attrs;
}

/** Groups entries into SendMessageBatch calls: at most 10 entries and 256 KiB per call. */
export function chunkEntries(
  entries: SendMessageBatchRequestEntry[],
): SendMessageBatchRequestEntry[][] {
  const chunks: SendMessageBatchRequestEntry[][] = [];
  let current: SendMessageBatchRequestEntry[] = [];
  let size = 0;
  for (const e of entries) {
    const s = entrySize(e);
    if (
      current.length === MAX_BATCH_ENTRIES ||
      (current.length > 0 && size + s > MAX_BATCH_BYTES)
    ) {
      chunks.push(current);
      current = [];
      size = 0;
    }
    current.push(e);
    size += s;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Sends one chunk, retrying only the entries that failed. Returns the ids that never made it. */
async function sendChunk(
  sqs: SQSClient,
  queueUrl: string,
  chunk: SendMessageBatchRequestEntry[],
): Promise<string[]> {
  let pending = chunk;
  for (let attempt = 1; ; attempt++) {
    let failedIds: Set<string>;
    try {
      const out = await sqs.send(
        new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: pending }),
      );
      failedIds = new Set((out.Failed ?? []).map((f) => f.Id ?? ''));
      if (failedIds.size > 0) {
        logger.warn('Dead-letter entries failed', { attempt, failed: out.Failed });
      }
    } catch (err) {
      logger.warn('SendMessageBatch failed', { attempt, error: err as Error });
      failedIds = new Set(pending.map((e) => e.Id ?? ''));
    }
    pending = pending.filter((e) => failedIds.has(e.Id ?? ''));
    if (pending.length === 0 || attempt === MAX_ATTEMPTS) return pending.map((e) => e.Id ?? '');
    await sleep(50 * 2 ** attempt);
  }
}

/**
 * Sends rejected records to the dead-letter queue. Returns the sequence numbers of records that
 * could not be sent after the retries: those must be retried by the stream, not dropped.
 */
export async function sendDeadLetters(
  sqs: SQSClient,
  queueUrl: string,
  rejected: readonly RejectedRecord[],
): Promise<Set<string>> {
  const bySeq = new Map<string, string>();
  const entries = rejected.map((r, i): SendMessageBatchRequestEntry => {
    bySeq.set(`r${i}`, r.record.kinesis.sequenceNumber);
    return {
      Id: `r${i}`,
      MessageBody: deadLetterBody(r),
      MessageAttributes: attributes(r.code, r.reason),
    };
  });
  const failed = await mapWithConcurrency(chunkEntries(entries), MAX_CALLS_IN_FLIGHT, (c) =>
    sendChunk(sqs, queueUrl, c),
  );
  return new Set(failed.flat().map((id) => bySeq.get(id) ?? id));
}
