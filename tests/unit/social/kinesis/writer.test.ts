import {
  KinesisClient,
  PutRecordsCommand,
  ResourceNotFoundException,
  type PutRecordsCommandInput,
  type PutRecordsResultEntry,
} from '@aws-sdk/client-kinesis';
import { mockClient } from 'aws-sdk-client-mock';
import fc from 'fast-check';
import {
  createKinesisWriter,
  type FailedRecord,
  type KinesisWriterOptions,
} from '../../../../functions/social/kinesis/writer';

const kinesis = mockClient(KinesisClient);
const client = new KinesisClient({ region: 'us-east-1' });
const MiB = 1024 * 1024;

/** What one PutRecords call carried: the records' data as strings. */
type Call = string[];

const decode = (d: Uint8Array | undefined): string => Buffer.from(d ?? []).toString('utf8');

/**
 * A fake PutRecords that fails the entries `failWith` names (per attempt), records every call,
 * and answers like Kinesis: one result per entry, in order, with FailedRecordCount.
 */
function fakeKinesis(
  failWith: (data: string, attempt: number) => string | undefined = () => undefined,
) {
  const calls: Call[] = [];
  const attempts = new Map<string, number>();
  const outcomes = new Map<string, ('ok' | 'failed')[]>();
  kinesis.on(PutRecordsCommand).callsFake((input: PutRecordsCommandInput) => {
    expect(input.StreamName).toBe('posts');
    const records = input.Records ?? [];
    calls.push(records.map((r) => decode(r.Data)));
    const results: PutRecordsResultEntry[] = records.map((r, i) => {
      const data = decode(r.Data);
      const attempt = (attempts.get(data) ?? 0) + 1;
      attempts.set(data, attempt);
      const code = failWith(data, attempt);
      outcomes.set(data, [...(outcomes.get(data) ?? []), code ? 'failed' : 'ok']);
      return code
        ? { ErrorCode: code, ErrorMessage: `${code} for ${data}` }
        : { ShardId: 'shardId-000000000000', SequenceNumber: String(calls.length * 1000 + i) };
    });
    return { FailedRecordCount: results.filter((r) => r.ErrorCode).length, Records: results };
  });
  return { calls, outcomes };
}

function writer(extra: Partial<KinesisWriterOptions> = {}) {
  const sleeps: number[] = [];
  const failures: FailedRecord[] = [];
  const w = createKinesisWriter({
    client,
    streamName: 'posts',
    random: () => 1,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    onFailure: (records) => failures.push(...records),
    ...extra,
  });
  return { w, sleeps, failures };
}

const rec = (i: number, bytes = 0) => ({
  partitionKey: `pk-${i}`,
  data: bytes > 0 ? `r${i}:`.padEnd(bytes, 'x') : { n: i },
});

beforeEach(() => kinesis.reset());

describe('createKinesisWriter: batching', () => {
  it('sends at most 500 records per call, in order', async () => {
    const { calls } = fakeKinesis();
    const { w } = writer();
    for (let i = 0; i < 1200; i++) await w.put(rec(i));
    await w.flush();
    expect(calls.map((c) => c.length)).toEqual([500, 500, 200]);
    expect(calls.flat()).toEqual(Array.from({ length: 1200 }, (_, i) => JSON.stringify({ n: i })));
    expect(w.stats()).toMatchObject({ sent: 1200, failed: 0, retried: 0, calls: 3 });
  });

  it('sends a full batch as soon as it is full, without waiting for flush', async () => {
    const { calls } = fakeKinesis();
    const { w } = writer();
    for (let i = 0; i < 499; i++) await w.put(rec(i));
    expect(calls).toHaveLength(0);
    await w.put(rec(499));
    expect(calls).toHaveLength(1);
  });

  it('keeps each call under 5 MiB counting data and partition keys', async () => {
    const { calls } = fakeKinesis();
    const { w } = writer();
    const size = 100 * 1024; // 51 of these (with their keys) fit in 5 MiB, 52 do not
    for (let i = 0; i < 120; i++) await w.put(rec(i, size));
    await w.flush();
    expect(calls.map((c) => c.length)).toEqual([51, 51, 18]);
    for (const call of calls) {
      const bytes = call.reduce((s, d, i) => s + Buffer.byteLength(d) + `pk-${i}`.length, 0);
      expect(bytes).toBeLessThanOrEqual(5 * MiB);
    }
  });

  it('honours smaller limits, in any mix of record sizes (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 1, max: 3000 }), { minLength: 1, maxLength: 200 }),
        fc.integer({ min: 1, max: 40 }),
        async (sizes, maxRecords) => {
          kinesis.reset();
          const { calls } = fakeKinesis();
          const { w } = writer({ maxRecordsPerCall: maxRecords, maxBytesPerCall: 10_000 });
          for (const [i, size] of sizes.entries()) await w.put(rec(i, Math.max(size, 8)));
          await w.flush();
          for (const call of calls) {
            expect(call.length).toBeLessThanOrEqual(maxRecords);
            const bytes = call.reduce(
              (s, d) => s + Buffer.byteLength(d) + `pk-${d.split(':')[0]?.slice(1)}`.length,
              0,
            );
            expect(bytes).toBeLessThanOrEqual(10_000);
          }
          expect(calls.flat()).toHaveLength(sizes.length);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('reports a record over 1 MiB (data + key) instead of sending it', async () => {
    const { calls } = fakeKinesis();
    const { w, failures } = writer();
    const key = 'k';
    await w.put({ partitionKey: key, data: 'a'.repeat(MiB - key.length) }); // exactly 1 MiB: fine
    await w.put({ partitionKey: key, data: 'b'.repeat(MiB - key.length + 1) });
    await w.flush();
    expect(calls).toHaveLength(1);
    expect(calls[0]).toHaveLength(1);
    expect(failures).toHaveLength(1);
    expect(failures[0]?.errorCode).toBe('RecordTooLarge');
    expect(w.stats()).toMatchObject({ sent: 1, failed: 1 });
  });

  it('reports an invalid partition key instead of sending it', async () => {
    const { calls } = fakeKinesis();
    const { w, failures } = writer();
    await w.put({ partitionKey: '', data: 'x' });
    await w.put({ partitionKey: 'k'.repeat(257), data: 'x' });
    await w.flush();
    expect(calls).toHaveLength(0);
    expect(failures.map((f) => f.errorCode)).toEqual([
      'InvalidPartitionKey',
      'InvalidPartitionKey',
    ]);
  });

  it('sends strings and bytes as they are, and objects as JSON', async () => {
    const { calls } = fakeKinesis();
    const { w } = writer();
    await w.put({ partitionKey: 'a', data: 'plain text' });
    await w.put({ partitionKey: 'b', data: new Uint8Array([104, 105]) });
    await w.put({ partitionKey: 'c', data: { a: [1, 'é'] } });
    await w.flush();
    expect(calls[0]).toEqual(['plain text', 'hi', '{"a":[1,"é"]}']);
  });
});

describe('createKinesisWriter: retries', () => {
  it('retries only the entries that failed, with exponential backoff and full jitter', async () => {
    const { calls } = fakeKinesis((data, attempt) => {
      if (data === '{"n":1}' && attempt <= 2) return 'ProvisionedThroughputExceededException';
      if (data === '{"n":3}' && attempt === 1) return 'InternalFailure';
      return undefined;
    });
    const { w, sleeps, failures } = writer({ baseDelayMs: 100 });
    for (let i = 0; i < 5; i++) await w.put(rec(i));
    await w.flush();
    expect(calls).toEqual([
      ['{"n":0}', '{"n":1}', '{"n":2}', '{"n":3}', '{"n":4}'],
      ['{"n":1}', '{"n":3}'],
      ['{"n":1}'],
    ]);
    // random() = 1 is the top of the jitter range: 100 * 2^0, then 100 * 2^1.
    expect(sleeps).toEqual([100, 200]);
    expect(failures).toEqual([]);
    expect(w.stats()).toEqual({ sent: 5, failed: 0, retried: 3, throttled: 2, calls: 3 });
  });

  it('draws each backoff uniformly below the cap (full jitter)', async () => {
    fakeKinesis((_data, attempt) => (attempt < 6 ? 'InternalFailure' : undefined));
    const draws = [0, 0.5, 0.25, 1, 0.1];
    const { w, sleeps } = writer({
      random: () => draws.shift() ?? 0,
      baseDelayMs: 100,
      maxDelayMs: 500,
      maxAttempts: 6,
    });
    await w.put(rec(0));
    await w.flush();
    expect(sleeps).toEqual([0, 0.5 * 200, 0.25 * 400, 500, 0.1 * 500]);
  });

  it('gives up after maxAttempts and reports the failed records with their error', async () => {
    const { calls } = fakeKinesis((data) =>
      data === '{"n":2}' ? 'ProvisionedThroughputExceededException' : undefined,
    );
    const { w, failures } = writer({ maxAttempts: 3 });
    for (let i = 0; i < 4; i++) await w.put(rec(i));
    await w.flush();
    expect(calls).toHaveLength(3);
    expect(calls.slice(1)).toEqual([['{"n":2}'], ['{"n":2}']]);
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({
      partitionKey: 'pk-2',
      errorCode: 'ProvisionedThroughputExceededException',
    });
    expect(decode(failures[0]?.data)).toBe('{"n":2}');
    expect(w.stats()).toEqual({ sent: 3, failed: 1, retried: 2, throttled: 3, calls: 3 });
  });

  it('never sends a record again once it succeeded, whatever fails around it (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 60 }),
        fc.array(fc.boolean(), { minLength: 300, maxLength: 300 }),
        fc.integer({ min: 1, max: 5 }),
        async (count, coin, maxAttempts) => {
          kinesis.reset();
          let k = 0;
          const { outcomes } = fakeKinesis(() =>
            coin[k++ % coin.length] ? 'InternalFailure' : undefined,
          );
          const { w, failures } = writer({ maxAttempts, maxRecordsPerCall: 7 });
          for (let i = 0; i < count; i++) await w.put(rec(i));
          await w.close();
          const stats = w.stats();
          expect(stats.sent + stats.failed).toBe(count);
          expect(failures).toHaveLength(stats.failed);
          for (const [data, seq] of outcomes) {
            const failed = failures.some((f) => decode(f.data) === data);
            // Sent once at most, and never again after that; a failed record used every attempt.
            expect(seq.filter((o) => o === 'ok').length).toBe(failed ? 0 : 1);
            if (!failed) expect(seq.indexOf('ok')).toBe(seq.length - 1);
            if (failed) expect(seq).toHaveLength(maxAttempts);
            else expect(seq.length).toBeLessThanOrEqual(maxAttempts);
          }
          const total = [...outcomes.values()].reduce((a, seq) => a + seq.length, 0);
          expect(total).toBe(count + stats.retried);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('retries the whole call when the call itself fails with a retryable error', async () => {
    kinesis
      .on(PutRecordsCommand)
      .rejectsOnce(Object.assign(new Error('socket hang up'), { name: 'TimeoutError' }))
      .resolves({
        FailedRecordCount: 0,
        Records: [
          { SequenceNumber: '1', ShardId: 's' },
          { SequenceNumber: '2', ShardId: 's' },
        ],
      });
    const { w, failures } = writer();
    await w.put(rec(0));
    await w.put(rec(1));
    await w.flush();
    expect(kinesis).toHaveReceivedCommandTimes(PutRecordsCommand, 2);
    expect(failures).toEqual([]);
    expect(w.stats()).toMatchObject({ sent: 2, failed: 0, retried: 2 });
  });

  it('does not retry an error no retry can fix (missing stream)', async () => {
    kinesis
      .on(PutRecordsCommand)
      .rejects(new ResourceNotFoundException({ message: 'Stream posts not found', $metadata: {} }));
    const { w, failures } = writer();
    await w.put(rec(0));
    await w.put(rec(1));
    await w.flush();
    expect(kinesis).toHaveReceivedCommandTimes(PutRecordsCommand, 1);
    expect(failures.map((f) => f.errorCode)).toEqual([
      'ResourceNotFoundException',
      'ResourceNotFoundException',
    ]);
    expect(w.stats()).toMatchObject({ sent: 0, failed: 2, retried: 0 });
  });
});

describe('createKinesisWriter: lifecycle', () => {
  it('reports stats after every call', async () => {
    fakeKinesis((data, attempt) =>
      data === '{"n":0}' && attempt === 1 ? 'InternalFailure' : undefined,
    );
    const seen: number[] = [];
    const { w } = writer({ onStats: (s) => seen.push(s.sent) });
    await w.put(rec(0));
    await w.put(rec(1));
    await w.flush();
    expect(seen).toEqual([1, 2]);
  });

  it('flushes on close and refuses puts afterwards', async () => {
    const { calls } = fakeKinesis();
    const { w } = writer();
    await w.put(rec(0));
    await w.close();
    expect(calls).toEqual([['{"n":0}']]);
    await expect(w.put(rec(1))).rejects.toThrow(/closed/);
  });

  it('sends a partial batch after lingerMs when asked to', async () => {
    jest.useFakeTimers();
    try {
      const { calls } = fakeKinesis();
      const { w } = writer({ lingerMs: 50 });
      await w.put(rec(0));
      await w.put(rec(1));
      expect(calls).toHaveLength(0);
      await jest.advanceTimersByTimeAsync(50);
      expect(calls).toEqual([['{"n":0}', '{"n":1}']]);
      await w.put(rec(2));
      await w.close(); // clears the pending linger timer
      expect(jest.getTimerCount()).toBe(0);
      expect(calls).toHaveLength(2);
    } finally {
      jest.useRealTimers();
    }
  });
});
