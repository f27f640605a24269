import {
  PutRecordsCommand,
  type KinesisClient,
  type PutRecordsRequestEntry,
} from '@aws-sdk/client-kinesis';

/** A record to put: JSON-serializable data, a string (UTF-8) or raw bytes. */
export interface KinesisRecordInput {
  partitionKey: string;
  data: Uint8Array | string | object;
  explicitHashKey?: string;
}

export interface KinesisWriterStats {
  /** Records Kinesis accepted. */
  sent: number;
  /** Records given up on: oversized, invalid, non-retryable error, or out of attempts. */
  failed: number;
  /** Re-sends of records that failed an earlier attempt. */
  retried: number;
  /** Record attempts refused with ProvisionedThroughputExceededException. */
  throttled: number;
  /** PutRecords calls made. */
  calls: number;
}

export interface FailedRecord {
  partitionKey: string;
  data: Uint8Array;
  errorCode: string;
  errorMessage?: string;
}

export interface KinesisWriterOptions {
  client: KinesisClient;
  streamName: string;
  /** At most 500 (the PutRecords limit). */
  maxRecordsPerCall?: number;
  /** Data plus partition key bytes per call; 5 MiB by default. */
  maxBytesPerCall?: number;
  /** Data plus partition key bytes per record; 1 MiB by default. Larger records are reported. */
  maxRecordBytes?: number;
  /** Attempts per record, the first one included. */
  maxAttempts?: number;
  /** Backoff before retry n is uniform in [0, min(maxDelayMs, baseDelayMs * 2^(n-1))]. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Sends a partial batch this long after its first record was buffered; no timer if unset. */
  lingerMs?: number;
  /** Called after every PutRecords call. */
  onStats?: (stats: KinesisWriterStats) => void;
  /** Called with the records given up on. */
  onFailure?: (records: FailedRecord[]) => void;
  /** For tests: jitter source and sleep. */
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export interface KinesisWriter {
  /**
   * Buffers a record; sends a batch once the buffer holds a full call. The promise resolves once
   * the record is buffered, or, when it filled a batch, once that batch is settled (backpressure).
   * It never rejects for send failures: those are counted and reported.
   */
  put(record: KinesisRecordInput): Promise<void>;
  /** Sends everything buffered and waits for all sends to settle. */
  flush(): Promise<void>;
  /** Flushes, then refuses further puts. */
  close(): Promise<void>;
  stats(): KinesisWriterStats;
}

export const PUT_RECORDS_MAX_RECORDS = 500;
export const PUT_RECORDS_MAX_BYTES = 5 * 1024 * 1024;
export const RECORD_MAX_BYTES = 1024 * 1024;

/** Errors of the whole call that a retry cannot fix. */
const FATAL_ERRORS = new Set([
  'ResourceNotFoundException',
  'InvalidArgumentException',
  'ValidationException',
  'AccessDeniedException',
  'KMSAccessDeniedException',
  'KMSDisabledException',
  'KMSInvalidStateException',
  'KMSNotFoundException',
  'KMSOptInRequired',
  'UnrecognizedClientException',
]);
const THROTTLED = 'ProvisionedThroughputExceededException';

interface Entry {
  partitionKey: string;
  data: Uint8Array;
  explicitHashKey?: string;
  bytes: number;
}

const encoder = new TextEncoder();

function encode(data: KinesisRecordInput['data']): Uint8Array {
  if (data instanceof Uint8Array) return data;
  return encoder.encode(typeof data === 'string' ? data : JSON.stringify(data));
}

const defaultSleep = (ms: number): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, ms);
  });

/**
 * Batches records into PutRecords calls (<= 500 records, <= 5 MiB with partition keys), retries
 * only the entries a call reports as failed, with exponential backoff and full jitter, and
 * reports what it gave up on. One call is in flight at a time, which keeps a single producer's
 * records in order except where a retry reorders them.
 */
export function createKinesisWriter(opts: KinesisWriterOptions): KinesisWriter {
  const maxRecords = Math.min(
    opts.maxRecordsPerCall ?? PUT_RECORDS_MAX_RECORDS,
    PUT_RECORDS_MAX_RECORDS,
  );
  const maxBytes = opts.maxBytesPerCall ?? PUT_RECORDS_MAX_BYTES;
  const maxRecordBytes = Math.min(opts.maxRecordBytes ?? RECORD_MAX_BYTES, maxBytes);
  const maxAttempts = Math.max(1, opts.maxAttempts ?? 5);
  const baseDelay = opts.baseDelayMs ?? 100;
  const maxDelay = opts.maxDelayMs ?? 5_000;
  const random = opts.random ?? Math.random;
  const sleep = opts.sleep ?? defaultSleep;

  const counters: KinesisWriterStats = { sent: 0, failed: 0, retried: 0, throttled: 0, calls: 0 };
  let buffer: Entry[] = [];
  let bufferBytes = 0;
  let chain: Promise<void> = Promise.resolve();
  let linger: NodeJS.Timeout | undefined;
  let closed = false;

  const stats = (): KinesisWriterStats => ({ ...counters });

  function giveUp(entries: readonly Entry[], errorCode: string, errorMessage?: string): void {
    if (entries.length === 0) return;
    counters.failed += entries.length;
    opts.onFailure?.(
      entries.map((e) => ({ partitionKey: e.partitionKey, data: e.data, errorCode, errorMessage })),
    );
  }

  async function send(batch: Entry[]): Promise<void> {
    let pending = batch;
    for (let attempt = 1; pending.length > 0; attempt++) {
      if (attempt > 1) {
        counters.retried += pending.length;
        await sleep(random() * Math.min(maxDelay, baseDelay * 2 ** (attempt - 2)));
      }
      const failed: { entry: Entry; code: string; message?: string }[] = [];
      counters.calls++;
      try {
        const out = await opts.client.send(
          new PutRecordsCommand({
            StreamName: opts.streamName,
            Records: pending.map((e): PutRecordsRequestEntry => ({
              PartitionKey: e.partitionKey,
              Data: e.data,
              ...(e.explicitHashKey !== undefined ? { ExplicitHashKey: e.explicitHashKey } : {}),
            })),
          }),
        );
        const results = out.Records ?? [];
        pending.forEach((entry, i) => {
          const r = results[i];
          if (r === undefined) {
            failed.push({ entry, code: 'MissingResult' });
          } else if (r.ErrorCode) {
            if (r.ErrorCode === THROTTLED) counters.throttled++;
            failed.push({ entry, code: r.ErrorCode, message: r.ErrorMessage });
          } else {
            counters.sent++;
          }
        });
      } catch (err) {
        const name = (err as { name?: string }).name ?? 'Error';
        const message = (err as { message?: string }).message;
        if (name === THROTTLED) counters.throttled += pending.length;
        if (FATAL_ERRORS.has(name)) {
          giveUp(pending, name, message);
          pending = [];
          opts.onStats?.(stats());
          return;
        }
        for (const entry of pending) failed.push({ entry, code: name, message });
      }
      opts.onStats?.(stats());
      if (failed.length > 0 && attempt >= maxAttempts) {
        const last = failed[failed.length - 1];
        giveUp(
          failed.map((f) => f.entry),
          last?.code ?? 'Unknown',
          last?.message,
        );
        return;
      }
      pending = failed.map((f) => f.entry);
    }
  }

  /** Queues the buffered records as one call behind any call in flight. */
  function cut(): Promise<void> {
    if (linger) {
      clearTimeout(linger);
      linger = undefined;
    }
    if (buffer.length === 0) return chain;
    const batch = buffer;
    buffer = [];
    bufferBytes = 0;
    chain = chain.then(() => send(batch));
    return chain;
  }

  return {
    put(record) {
      if (closed) return Promise.reject(new Error('KinesisWriter is closed'));
      const data = encode(record.data);
      const entry: Entry = {
        partitionKey: record.partitionKey,
        data,
        explicitHashKey: record.explicitHashKey,
        bytes: data.byteLength + Buffer.byteLength(record.partitionKey, 'utf8'),
      };
      if (record.partitionKey.length < 1 || record.partitionKey.length > 256) {
        giveUp([entry], 'InvalidPartitionKey', 'partition key must be 1 to 256 characters');
        return Promise.resolve();
      }
      if (entry.bytes > maxRecordBytes) {
        giveUp([entry], 'RecordTooLarge', `${entry.bytes} bytes > ${maxRecordBytes}`);
        return Promise.resolve();
      }
      let settled: Promise<void> | undefined;
      if (bufferBytes + entry.bytes > maxBytes) settled = cut();
      buffer.push(entry);
      bufferBytes += entry.bytes;
      if (buffer.length >= maxRecords) settled = cut();
      else if (opts.lingerMs !== undefined && linger === undefined) {
        linger = setTimeout(() => {
          linger = undefined;
          void cut();
        }, opts.lingerMs);
      }
      return settled ?? Promise.resolve();
    },
    flush: () => cut(),
    async close() {
      closed = true;
      await cut();
    },
    stats,
  };
}
