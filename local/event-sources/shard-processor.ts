import { createHash, randomUUID } from 'node:crypto';
import type { StreamEventDef } from '../template/types';
import type { FailedBatch, FailureCondition, SourceRecord } from './events';
import type { RecordFilter } from './filter';

/**
 * One event source mapping working through one shard, as Lambda does: one invocation at a time
 * (ParallelizationFactor N: up to N at once, records of one partition key always in the same one,
 * in order), batches by BatchSize / MaximumBatchingWindowInSeconds / 6 MB payload, FilterCriteria,
 * ReportBatchItemFailures, BisectBatchOnFunctionError, MaximumRetryAttempts,
 * MaximumRecordAgeInSeconds and the on-failure destination. The checkpoint only moves past
 * records that were handled (delivered, filtered out, or given up on).
 */

export interface ShardReader {
  /**
   * The next records of the shard; `closed` once the shard has ended and nothing is left; `more`
   * when the read stopped at its limit, so the shard holds more behind it (unknown: undefined).
   */
  read(): Promise<{ records: SourceRecord[]; closed: boolean; more?: boolean }>;
  /** Pins the starting position (a LATEST iterator means "from now", so it is taken at once). */
  open?(): Promise<void>;
}

export interface MappingStats {
  invocations: number;
  records: number;
  filtered: number;
  functionErrors: number;
  partialFailures: number;
  retries: number;
  bisects: number;
  sentToDestination: number;
  dropped: number;
  lastInvokedAt?: string;
}

export const emptyStats = (): MappingStats => ({
  invocations: 0,
  records: 0,
  filtered: 0,
  functionErrors: 0,
  partialFailures: 0,
  retries: 0,
  bisects: 0,
  sentToDestination: 0,
  dropped: 0,
});

export interface ShardProcessorOptions {
  shardId: string;
  streamArn: string;
  functionArn: string;
  mapping: StreamEventDef;
  reader: ShardReader;
  filter?: RecordFilter;
  /** Invokes the function with `{ Records }`; rejects on a function error. */
  invoke(records: Record<string, unknown>[]): Promise<unknown>;
  checkpoint(sequenceNumber: string): void;
  /** Delivers the on-failure record; undefined when the mapping has no destination. */
  sendOnFailure?(batch: FailedBatch): Promise<void>;
  stats: MappingStats;
  log?(line: string): void;
  /** Pause between polls of a caught-up shard (default: Lambda's, BASE_POLL_MS); tests shorten it. */
  basePollMs?: number;
  /** Pause before retrying a failed batch: base * 2^(attempt-1), capped at 5 s (default base 100 ms). */
  retryBaseDelayMs?: number;
  now?(): number;
  sleep?(ms: number): Promise<void>;
}

/**
 * How often Lambda polls a shard that is caught up: "at a base rate of once per second" for
 * Kinesis, "4 times per second" for DynamoDB Streams (the Lambda developer guide). Polling faster
 * would hand the functions smaller batches than AWS does at low rates.
 */
const BASE_POLL_MS: Record<StreamEventDef['kind'], number> = { Kinesis: 1000, DynamoDB: 250 };

/** What Lambda keeps in order: a Kinesis record's partition key, a DynamoDB record's item key. */
function partitionKeyOf(r: SourceRecord): string {
  const kinesis = r.lambda.kinesis as { partitionKey?: string } | undefined;
  if (kinesis?.partitionKey !== undefined) return kinesis.partitionKey;
  return JSON.stringify((r.lambda.dynamodb as { Keys?: unknown } | undefined)?.Keys ?? null);
}

/** Lambda's invocation payload limit (6 MB), with room for the `{"Records":[]}` wrapper. */
const MAX_PAYLOAD_BYTES = 6 * 1024 * 1024 - 1024;

type Attempt =
  | { ok: true }
  | { ok: false; failedFrom?: number; error: string; functionError?: string; requestId: string };

interface Entry {
  record: SourceRecord;
  passes: boolean;
  size: number;
  /** When the mapping read it: the batching window of a record starts then. */
  seenAt: number;
}

export class ShardProcessor {
  private queue: Entry[] = [];
  private closed = false;
  private stopped = false;
  private firstPassingAt?: number;
  /** True while several lanes deliver at once (ParallelizationFactor). */
  private concurrent = false;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private wake?: () => void;

  constructor(private readonly o: ShardProcessorOptions) {
    this.now = o.now ?? Date.now;
    this.sleep =
      o.sleep ??
      ((ms) =>
        new Promise<void>((resolve) => {
          const t = setTimeout(() => {
            this.wake = undefined;
            resolve();
          }, ms);
          this.wake = () => {
            clearTimeout(t);
            resolve();
          };
        }));
  }

  stop(): void {
    this.stopped = true;
    this.wake?.();
  }

  /** Processes the shard until it is closed and drained (resolves true) or stop() (false). */
  async run(): Promise<boolean> {
    const { mapping } = this.o;
    const windowMs = mapping.maximumBatchingWindowInSeconds * 1000;
    const basePollMs = this.o.basePollMs ?? BASE_POLL_MS[mapping.kind];
    let lastReadAt = -Infinity;
    let backlog = false;
    let readAhead = false;
    while (!this.stopped) {
      const passing = this.passingCount();
      const windowOpen =
        this.firstPassingAt !== undefined && this.now() < this.firstPassingAt + windowMs;
      const full =
        passing >= mapping.batchSize * this.lanes || this.passingBytes() >= MAX_PAYLOAD_BYTES;
      if (!this.closed && (passing === 0 || (!full && (windowOpen || readAhead)))) {
        // A caught-up shard is polled at Lambda's base rate; a backlog is read without pausing.
        if (!backlog) {
          const untilWindow =
            this.firstPassingAt !== undefined
              ? this.firstPassingAt + windowMs - this.now()
              : Infinity;
          const pause = Math.min(lastReadAt + basePollMs - this.now(), untilWindow);
          if (pause > 0) await this.sleep(pause);
          if (this.stopped) break;
        }
        lastReadAt = this.now();
        let got: Awaited<ReturnType<ShardReader['read']>>;
        try {
          got = await this.o.reader.read();
        } catch (err) {
          if (this.stopped) break;
          this.o.log?.(`${this.o.shardId}: read failed, retrying: ${String(err)}`);
          await this.sleep(1000);
          continue;
        }
        this.closed = got.closed;
        this.enqueue(got.records);
        // A read that stopped at its limit (or filled a batch) leaves more behind it: Lambda keeps
        // reading until caught up, and with several lanes reads on to fill them. A read that
        // got everything there was is delivered at once, as Lambda does without a window.
        backlog = got.more ?? got.records.length >= mapping.batchSize;
        readAhead = this.lanes > 1 && (got.more ?? got.records.length > 0);
        continue;
      }
      if (passing === 0) {
        // Only filtered-out records: Lambda drops them and moves the checkpoint past them.
        const last = this.queue[this.queue.length - 1];
        if (last) this.o.checkpoint(last.record.sequenceNumber);
        this.queue = [];
        this.firstPassingAt = undefined;
        if (this.closed) return true;
        continue;
      }
      const { batch, lastConsumed } = this.takeBatch(mapping.batchSize * this.lanes);
      // As many lanes as the records fill (a trickle stays one batch); each lane in shard order.
      const lanes = this.byLane(batch, Math.ceil(batch.length / mapping.batchSize));
      this.concurrent = lanes.length > 1;
      const done = await Promise.all(lanes.map((lane) => this.deliverLane(lane)));
      this.concurrent = false;
      // A batch that finished before stop() still counts; one cut short is read again next time.
      // With several lanes, the checkpoint passes their records once every lane is done.
      if (done.every(Boolean)) this.o.checkpoint(lastConsumed);
      if (this.stopped) break;
    }
    return false;
  }

  /** ParallelizationFactor: batches of one shard in flight at once. */
  private get lanes(): number {
    return Math.max(1, Math.floor(this.o.mapping.parallelizationFactor));
  }

  /**
   * Within a batch, a checkpoint after part of it (a partial failure, a bisected half) is only
   * taken with one lane: with several, the other lanes' records before it may not be done yet.
   */
  private progress(sequenceNumber: string): void {
    if (!this.concurrent) this.o.checkpoint(sequenceNumber);
  }

  /** Records split by partition key over `count` lanes (non-empty ones), each in shard order. */
  private byLane(records: SourceRecord[], count: number): SourceRecord[][] {
    const n = Math.max(1, Math.min(this.lanes, count));
    if (n === 1) return [records];
    const lanes: SourceRecord[][] = Array.from({ length: n }, () => []);
    for (const r of records) {
      const hash = createHash('md5').update(partitionKeyOf(r)).digest();
      lanes[hash.readUInt32BE(0) % n]!.push(r);
    }
    return lanes.filter((l) => l.length > 0);
  }

  /** A lane's records, at most BatchSize per invocation, one invocation after another. */
  private async deliverLane(records: SourceRecord[]): Promise<boolean> {
    const size = this.o.mapping.batchSize;
    for (let i = 0; i < records.length; i += size) {
      if (!(await this.deliver(records.slice(i, i + size)))) return false;
    }
    return true;
  }

  private enqueue(records: SourceRecord[]): void {
    const seenAt = this.now();
    for (const record of records) {
      const passes = this.o.filter ? this.o.filter(record.filterView) : true;
      if (!passes) this.o.stats.filtered += 1;
      if (passes && this.firstPassingAt === undefined) this.firstPassingAt = seenAt;
      const size = passes ? Buffer.byteLength(JSON.stringify(record.lambda)) + 1 : 0;
      this.queue.push({ record, passes, size, seenAt });
    }
  }

  private passingCount(): number {
    return this.queue.reduce((n, e) => n + (e.passes ? 1 : 0), 0);
  }

  private passingBytes(): number {
    return this.queue.reduce((n, e) => n + e.size, 0);
  }

  /** The next batch of passing records, with the filtered records around them consumed too. */
  private takeBatch(maxRecords: number): { batch: SourceRecord[]; lastConsumed: string } {
    const batch: SourceRecord[] = [];
    let bytes = 0;
    let i = 0;
    for (; i < this.queue.length; i++) {
      const e = this.queue[i]!;
      if (e.passes) {
        const tooBig = batch.length > 0 && bytes + e.size > MAX_PAYLOAD_BYTES;
        if (batch.length >= maxRecords || tooBig) break;
        batch.push(e.record);
        bytes += e.size;
      }
    }
    const lastConsumed = this.queue[i - 1]!.record.sequenceNumber;
    this.queue = this.queue.slice(i);
    this.firstPassingAt = this.queue.find((e) => e.passes)?.seenAt;
    return { batch, lastConsumed };
  }

  /**
   * Delivers a batch until it succeeds or is given up on (retries exhausted, records too old):
   * true; or until the mapping stops first: false. Bisecting splits a failed batch without
   * counting a retry, as Lambda does.
   */
  private async deliver(records: SourceRecord[]): Promise<boolean> {
    const { mapping, stats } = this.o;
    let pending = records;
    let retries = 0;
    let invokeCount = 0;
    while (pending.length > 0) {
      if (this.stopped) return false;
      const fresh = await this.dropExpired(pending, invokeCount);
      if (!fresh) return false;
      pending = fresh;
      if (pending.length === 0) return true;
      invokeCount += 1;
      const attempt = await this.attempt(pending);
      if (attempt.ok) return true;
      if (this.stopped) return false;

      if (attempt.failedFrom !== undefined) {
        stats.partialFailures += 1;
        if (attempt.failedFrom > 0) this.progress(pending[attempt.failedFrom - 1]!.sequenceNumber);
        pending = pending.slice(attempt.failedFrom);
      } else if (mapping.bisectBatchOnFunctionError && pending.length > 1) {
        stats.bisects += 1;
        const mid = Math.ceil(pending.length / 2);
        if (!(await this.deliver(pending.slice(0, mid)))) return false;
        this.progress(pending[mid - 1]!.sequenceNumber);
        return this.deliver(pending.slice(mid));
      }

      retries += 1;
      if (mapping.maximumRetryAttempts >= 0 && retries > mapping.maximumRetryAttempts) {
        return this.giveUp(pending, 'RetryAttemptsExhausted', invokeCount, attempt);
      }
      stats.retries += 1;
      const base = this.o.retryBaseDelayMs ?? 100;
      await this.sleep(Math.min(5000, base * 2 ** (retries - 1)));
    }
    return true;
  }

  /**
   * Records older than MaximumRecordAgeInSeconds go to the destination instead of the function.
   * Returns the rest, or undefined when stop() came before the destination took the old ones.
   */
  private async dropExpired(
    records: SourceRecord[],
    invokeCount: number,
  ): Promise<SourceRecord[] | undefined> {
    const maxAge = this.o.mapping.maximumRecordAgeInSeconds;
    if (maxAge < 0) return records;
    const cutoff = this.now() - maxAge * 1000;
    const expired = records.filter((r) => r.arrivalMs < cutoff);
    if (expired.length === 0) return records;
    if (
      !(await this.giveUp(expired, 'RecordAgeExceeded', invokeCount, { requestId: randomUUID() }))
    ) {
      return undefined;
    }
    const last = expired[expired.length - 1]!;
    // Records arrive in order, so expired ones lead the batch; the checkpoint may pass them.
    if (records.indexOf(last) === expired.length - 1) this.progress(last.sequenceNumber);
    return records.filter((r) => r.arrivalMs >= cutoff);
  }

  private async attempt(records: SourceRecord[]): Promise<Attempt> {
    const { stats, mapping } = this.o;
    stats.invocations += 1;
    stats.records += records.length;
    stats.lastInvokedAt = new Date(this.now()).toISOString();
    let payload: unknown;
    try {
      payload = await this.o.invoke(records.map((r) => r.lambda));
    } catch (err) {
      stats.functionErrors += 1;
      const e = err as {
        name?: string;
        message?: string;
        requestId?: string;
        functionError?: string;
      };
      return {
        ok: false,
        error: `${e.name ?? 'Error'}: ${e.message ?? String(err)}`,
        functionError: e.functionError ?? 'Unhandled',
        requestId: e.requestId ?? randomUUID(),
      };
    }
    if (!mapping.reportBatchItemFailures) return { ok: true };
    return this.partialResponse(payload, records);
  }

  /** Reads `batchItemFailures`; an identifier that is not in the batch fails the whole batch. */
  private partialResponse(payload: unknown, records: SourceRecord[]): Attempt {
    const failures = (payload as { batchItemFailures?: unknown } | null)?.batchItemFailures;
    if (!Array.isArray(failures) || failures.length === 0) return { ok: true };
    let lowest = Infinity;
    for (const f of failures) {
      const id = (f as { itemIdentifier?: unknown } | null)?.itemIdentifier;
      const index =
        typeof id === 'string' && id !== ''
          ? records.findIndex((r) => r.sequenceNumber === id)
          : -1;
      if (index < 0) {
        return {
          ok: false,
          error: `invalid itemIdentifier ${JSON.stringify(id)}`,
          requestId: randomUUID(),
        };
      }
      lowest = Math.min(lowest, index);
    }
    return { ok: false, failedFrom: lowest, error: 'batch item failures', requestId: randomUUID() };
  }

  private async giveUp(
    records: SourceRecord[],
    condition: FailureCondition,
    invokeCount: number,
    last: { requestId: string; functionError?: string; error?: string },
  ): Promise<boolean> {
    const { mapping, stats } = this.o;
    const batch: FailedBatch = {
      kind: mapping.kind,
      shardId: this.o.shardId,
      streamArn: this.o.streamArn,
      functionArn: this.o.functionArn,
      records,
      condition,
      approximateInvokeCount: invokeCount,
      requestId: last.requestId,
      ...(last.functionError ? { functionError: last.functionError } : {}),
    };
    const what = `${records.length} record(s) ${records[0]?.sequenceNumber}..${records[records.length - 1]?.sequenceNumber}`;
    if (!this.o.sendOnFailure) {
      stats.dropped += records.length;
      this.o.log?.(
        `${this.o.shardId}: ${condition}, discarding ${what}${last.error ? ` (${last.error})` : ''}`,
      );
      return true;
    }
    for (;;) {
      try {
        await this.o.sendOnFailure(batch);
        stats.sentToDestination += records.length;
        this.o.log?.(`${this.o.shardId}: ${condition}, sent ${what} to the on-failure destination`);
        return true;
      } catch (err) {
        // Lambda keeps the records until the destination takes them.
        this.o.log?.(`${this.o.shardId}: on-failure destination failed, retrying: ${String(err)}`);
        if (this.stopped) return false;
        await this.sleep(1000);
      }
    }
  }
}
