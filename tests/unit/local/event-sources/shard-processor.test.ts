import type { FailedBatch, SourceRecord } from '../../../../local/event-sources/events';
import {
  emptyStats,
  ShardProcessor,
  type ShardProcessorOptions,
  type ShardReader,
} from '../../../../local/event-sources/shard-processor';
import type { StreamEventDef } from '../../../../local/template/types';

const rec = (
  seq: number,
  extra: Record<string, unknown> = {},
  arrivalMs = 1_000_000,
): SourceRecord => ({
  sequenceNumber: String(seq),
  arrivalMs,
  lambda: { seq: String(seq) },
  filterView: { keep: true, ...extra },
});

/**
 * Returns the scripted reads in order, then nothing (or closes the shard); `more[i]`, when given,
 * is what read i says about records behind it.
 */
function fakeReader(
  reads: SourceRecord[][],
  closeAtEnd: boolean,
  more?: boolean[],
): ShardReader & { calls: number } {
  const queue = [...reads];
  const reader = {
    calls: 0,
    read: () => {
      const behind = more?.[reader.calls];
      reader.calls += 1;
      const records = queue.shift() ?? [];
      const closed = closeAtEnd && queue.length === 0;
      return Promise.resolve(
        behind === undefined ? { records, closed } : { records, closed, more: behind },
      );
    },
  };
  return reader;
}

const mapping = (over: Partial<StreamEventDef> = {}): StreamEventDef => ({
  kind: 'Kinesis',
  name: 'Posts',
  streamArn: 'arn:aws:kinesis:us-east-1:000000000000:stream/S',
  enabled: true,
  startingPosition: 'TRIM_HORIZON',
  batchSize: 100,
  maximumBatchingWindowInSeconds: 0,
  filterPatterns: [],
  reportBatchItemFailures: false,
  bisectBatchOnFunctionError: false,
  maximumRetryAttempts: -1,
  maximumRecordAgeInSeconds: -1,
  parallelizationFactor: 1,
  ...over,
});

type Invoke = (seqs: string[], call: number) => unknown;

function harness(opts: {
  reads: SourceRecord[][];
  mapping?: Partial<StreamEventDef>;
  invoke?: Invoke;
  closeAtEnd?: boolean;
  destination?: boolean;
  filter?: ShardProcessorOptions['filter'];
  more?: boolean[];
}) {
  const clock = { t: 1_000_000 };
  const invocations: string[][] = [];
  const checkpoints: string[] = [];
  const failures: FailedBatch[] = [];
  const stats = emptyStats();
  const reader = fakeReader(opts.reads, opts.closeAtEnd ?? true, opts.more);
  const processor: ShardProcessor = new ShardProcessor({
    shardId: 'shardId-000000000000',
    streamArn: 'arn:aws:kinesis:us-east-1:000000000000:stream/S',
    functionArn: 'arn:aws:lambda:us-east-1:000000000000:function:F',
    mapping: mapping(opts.mapping),
    reader,
    ...(opts.filter ? { filter: opts.filter } : {}),
    invoke: async (records) => {
      const seqs = records.map((r) => String(r.seq));
      invocations.push(seqs);
      return opts.invoke?.(seqs, invocations.length);
    },
    checkpoint: (s) => void checkpoints.push(s),
    ...(opts.destination === false
      ? {}
      : { sendOnFailure: async (b: FailedBatch) => void failures.push(b) }),
    stats,
    now: () => clock.t,
    sleep: async (ms) => {
      clock.t += ms;
      await Promise.resolve();
    },
  });
  return { processor, invocations, checkpoints, failures, stats, clock, reader };
}

const last = <T>(xs: T[]): T | undefined => xs[xs.length - 1];
const boom = (): never => {
  throw Object.assign(new Error('boom'), { name: 'TypeError', requestId: 'req-x' });
};

describe('ShardProcessor batching', () => {
  it('splits what it reads into batches of at most BatchSize and checkpoints each', async () => {
    const h = harness({
      reads: [[1, 2, 3, 4, 5, 6, 7].map((n) => rec(n))],
      mapping: { batchSize: 3 },
    });
    await expect(h.processor.run()).resolves.toBe(true);
    expect(h.invocations).toEqual([['1', '2', '3'], ['4', '5', '6'], ['7']]);
    expect(h.checkpoints).toEqual(['3', '6', '7']);
  });

  it('waits up to MaximumBatchingWindowInSeconds to fill a batch', async () => {
    const h = harness({
      reads: [[rec(1)], [rec(2)], [rec(3)]],
      mapping: { batchSize: 10, maximumBatchingWindowInSeconds: 5 },
    });
    await h.processor.run();
    expect(h.invocations).toEqual([['1', '2', '3']]);
  });

  it('invokes as soon as it has records when there is no batching window', async () => {
    const h = harness({ reads: [[rec(1)], [rec(2)], [rec(3)]], mapping: { batchSize: 10 } });
    await h.processor.run();
    expect(h.invocations).toEqual([['1'], ['2'], ['3']]);
  });

  it('invokes with a partial batch once the window has passed', async () => {
    const h = harness({
      reads: [[rec(1)]],
      closeAtEnd: false,
      mapping: { batchSize: 10, maximumBatchingWindowInSeconds: 1 },
      invoke: () => h.processor.stop(),
    });
    const started = h.clock.t;
    await expect(h.processor.run()).resolves.toBe(false);
    expect(h.invocations).toEqual([['1']]);
    expect(h.clock.t - started).toBeGreaterThanOrEqual(1000);
    // Polled again at the base rate while the window was open: once a second for Kinesis.
    expect(h.reader.calls).toBe(2);
  });
});

describe('ShardProcessor polling', () => {
  /** Milliseconds after the start at which each read happened. */
  function readTimes(h: ReturnType<typeof harness>): number[] {
    const started = h.clock.t;
    const times: number[] = [];
    const read = h.reader.read;
    h.reader.read = () => {
      times.push(h.clock.t - started);
      return read();
    };
    return times;
  }

  it.each([
    ['Kinesis', 1000],
    ['DynamoDB', 250],
  ] as const)('polls a caught-up %s shard at Lambda base rate, every %i ms', async (kind, ms) => {
    const h = harness({ reads: [[rec(1)], [rec(2)], [rec(3)]], mapping: { kind, batchSize: 10 } });
    const times = readTimes(h);
    await h.processor.run();
    expect(h.invocations).toEqual([['1'], ['2'], ['3']]);
    expect(times).toEqual([0, ms, 2 * ms]);
  });

  it('reads a backlog without pausing: a read that fills a batch is followed at once', async () => {
    const full = Array.from({ length: 10 }, (_, i) => rec(i + 1));
    const h = harness({ reads: [full, [rec(11)]], mapping: { batchSize: 10 } });
    const times = readTimes(h);
    await h.processor.run();
    expect(h.invocations.map((b) => b.length)).toEqual([10, 1]);
    expect(times).toEqual([0, 0]);
  });
});

describe('ShardProcessor filtering', () => {
  const keep: ShardProcessorOptions['filter'] = (v) => (v as { keep: boolean }).keep;

  it('drops filtered-out records and checkpoints past them', async () => {
    const h = harness({
      reads: [[rec(1), rec(2, { keep: false }), rec(3), rec(4, { keep: false })]],
      filter: keep,
    });
    await h.processor.run();
    expect(h.invocations).toEqual([['1', '3']]);
    expect(last(h.checkpoints)).toBe('4');
    expect(h.stats.filtered).toBe(2);
  });

  it('checkpoints a read with only filtered-out records without invoking', async () => {
    const h = harness({
      reads: [[rec(1, { keep: false }), rec(2, { keep: false })]],
      filter: keep,
    });
    await h.processor.run();
    expect(h.invocations).toEqual([]);
    expect(h.checkpoints).toEqual(['2']);
  });
});

describe('ShardProcessor failures', () => {
  it('retries from the lowest failed item with ReportBatchItemFailures', async () => {
    const h = harness({
      reads: [[1, 2, 3, 4, 5].map((n) => rec(n))],
      mapping: { reportBatchItemFailures: true },
      invoke: (_s, call) =>
        call === 1
          ? { batchItemFailures: [{ itemIdentifier: '4' }, { itemIdentifier: '3' }] }
          : { batchItemFailures: [] },
    });
    await h.processor.run();
    expect(h.invocations).toEqual([
      ['1', '2', '3', '4', '5'],
      ['3', '4', '5'],
    ]);
    expect(h.checkpoints).toEqual(['2', '5']);
    expect(h.stats.partialFailures).toBe(1);
  });

  it('treats an unknown itemIdentifier as a failure of the whole batch', async () => {
    const h = harness({
      reads: [[rec(1), rec(2)]],
      mapping: { reportBatchItemFailures: true },
      invoke: (_s, call) => (call === 1 ? { batchItemFailures: [{ itemIdentifier: '' }] } : null),
    });
    await h.processor.run();
    expect(h.invocations).toEqual([
      ['1', '2'],
      ['1', '2'],
    ]);
  });

  it('ignores batchItemFailures when the mapping does not report them', async () => {
    const h = harness({
      reads: [[rec(1), rec(2)]],
      invoke: () => ({ batchItemFailures: [{ itemIdentifier: '1' }] }),
    });
    await h.processor.run();
    expect(h.invocations).toEqual([['1', '2']]);
  });

  it('bisects a failing batch to isolate the bad record, then gives up on it after the retries', async () => {
    const h = harness({
      reads: [[1, 2, 3, 4].map((n) => rec(n))],
      mapping: { bisectBatchOnFunctionError: true, maximumRetryAttempts: 2 },
      invoke: (seqs) => (seqs.includes('3') ? boom() : undefined),
    });
    await expect(h.processor.run()).resolves.toBe(true);
    expect(h.invocations).toEqual([
      ['1', '2', '3', '4'],
      ['1', '2'],
      ['3', '4'],
      ['3'],
      ['3'],
      ['3'],
      ['4'],
    ]);
    expect(h.failures).toHaveLength(1);
    expect(h.failures[0]).toMatchObject({
      condition: 'RetryAttemptsExhausted',
      approximateInvokeCount: 3,
      functionError: 'Unhandled',
      requestId: 'req-x',
    });
    expect(h.failures[0]!.records.map((r) => r.sequenceNumber)).toEqual(['3']);
    expect(last(h.checkpoints)).toBe('4');
    expect(h.checkpoints).toContain('2');
  });

  it('sends the whole batch to the destination after MaximumRetryAttempts, then moves on', async () => {
    const h = harness({
      reads: [[rec(1), rec(2)], [rec(3)]],
      mapping: { maximumRetryAttempts: 2, batchSize: 2 },
      invoke: (seqs) => (seqs.includes('1') ? boom() : undefined),
    });
    await h.processor.run();
    expect(h.invocations).toEqual([['1', '2'], ['1', '2'], ['1', '2'], ['3']]);
    expect(h.failures.map((f) => f.records.map((r) => r.sequenceNumber))).toEqual([['1', '2']]);
    expect(h.checkpoints).toEqual(['2', '3']);
    expect(h.stats).toMatchObject({ functionErrors: 3, retries: 2, sentToDestination: 2 });
  });

  it('discards the batch when there is no destination', async () => {
    const h = harness({
      reads: [[rec(1)]],
      destination: false,
      mapping: { maximumRetryAttempts: 0 },
      invoke: boom,
    });
    await h.processor.run();
    expect(h.stats.dropped).toBe(1);
    expect(h.checkpoints).toEqual(['1']);
  });

  it('keeps retrying with infinite retries and never checkpoints past the failing batch', async () => {
    const h = harness({
      reads: [[rec(1)]],
      invoke: (_s, call) => {
        if (call === 5) h.processor.stop();
        boom();
      },
    });
    await expect(h.processor.run()).resolves.toBe(false);
    expect(h.invocations).toHaveLength(5);
    expect(h.checkpoints).toEqual([]);
    expect(h.failures).toEqual([]);
  });

  it('sends records older than MaximumRecordAgeInSeconds to the destination without invoking', async () => {
    const now = 1_000_000;
    const h = harness({
      reads: [[rec(1, {}, now - 120_000), rec(2, {}, now - 1000)]],
      mapping: { maximumRecordAgeInSeconds: 60 },
    });
    await h.processor.run();
    expect(h.failures).toHaveLength(1);
    expect(h.failures[0]).toMatchObject({
      condition: 'RecordAgeExceeded',
      approximateInvokeCount: 0,
    });
    expect(h.failures[0]!.records.map((r) => r.sequenceNumber)).toEqual(['1']);
    expect(h.invocations).toEqual([['2']]);
    expect(h.checkpoints).toEqual(['1', '2']);
  });

  it('does not checkpoint a batch whose invocation was cut short by stop()', async () => {
    const h = harness({
      reads: [[rec(1)], [rec(2)]],
      invoke: (_s, call) => {
        if (call !== 2) return undefined;
        h.processor.stop();
        // What a worker terminated by stop() reports.
        throw Object.assign(new Error('exited'), { name: 'Runtime.ExitError' });
      },
    });
    await h.processor.run();
    expect(h.invocations).toEqual([['1'], ['2']]);
    expect(h.checkpoints).toEqual(['1']);
  });

  it('checkpoints a batch that succeeded just as stop() came', async () => {
    const h = harness({
      reads: [[rec(1)], [rec(2)]],
      invoke: (_s, call) => (call === 2 ? h.processor.stop() : undefined),
    });
    await h.processor.run();
    expect(h.checkpoints).toEqual(['1', '2']);
  });
});

describe('ShardProcessor with ParallelizationFactor', () => {
  // Six partition keys; a record's key is k<n % 6>.
  const keyed = (n: number): SourceRecord => ({
    ...rec(n),
    lambda: { seq: String(n), kinesis: { partitionKey: `k${n % 6}` } },
  });
  const keyOf = (seq: string): string => `k${Number(seq) % 6}`;

  it('runs up to N batches at once, each post key in one of them in order, and checkpoints once all are done', async () => {
    let inFlight = 0;
    let most = 0;
    const h = harness({
      reads: [Array.from({ length: 12 }, (_, i) => keyed(i + 1))],
      mapping: { batchSize: 2, parallelizationFactor: 3 },
      invoke: async () => {
        most = Math.max(most, ++inFlight);
        await new Promise((r) => setImmediate(r));
        inFlight--;
      },
    });
    await expect(h.processor.run()).resolves.toBe(true);
    expect(most).toBeGreaterThan(1);
    expect(most).toBeLessThanOrEqual(3);
    expect(h.invocations.every((b) => b.length <= 2)).toBe(true);
    const delivered = h.invocations.flat();
    expect([...delivered].sort((a, b) => Number(a) - Number(b))).toEqual(
      Array.from({ length: 12 }, (_, i) => String(i + 1)),
    );
    // A key's records in shard order, and all in one lane: never in two batches in flight at once.
    for (const key of ['k0', 'k1', 'k2', 'k3', 'k4', 'k5']) {
      const seqs = delivered.filter((s) => keyOf(s) === key).map(Number);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    }
    // 12 records are two groups of 3 x 2: a checkpoint after each group, none within.
    expect(h.checkpoints).toEqual(['6', '12']);
  });

  it('reads on while records come, and keeps what fits one batch in one', async () => {
    const h = harness({
      reads: [[keyed(1), keyed(2)], [keyed(3)], [], [keyed(4)]],
      mapping: { batchSize: 10, parallelizationFactor: 4 },
    });
    await h.processor.run();
    expect(h.invocations).toEqual([['1', '2', '3'], ['4']]);
  });

  it('reads on only while a read says more is behind it, as Lambda does without a window', async () => {
    // The reader's limit: a read that got everything there was is delivered at once, however
    // large the batch could be; one that stopped at its limit is followed by another read.
    const h = harness({
      reads: [[keyed(1), keyed(2)], [keyed(3)], [keyed(4)], [keyed(5)]],
      more: [false, true, false, false],
      mapping: { batchSize: 10, parallelizationFactor: 4 },
    });
    await h.processor.run();
    expect(h.invocations).toEqual([['1', '2'], ['3', '4'], ['5']]);
  });

  it('never checkpoints past a lane that is still failing, and gives its records up alone', async () => {
    const h = harness({
      reads: [Array.from({ length: 6 }, (_, i) => keyed(i + 1))],
      mapping: {
        batchSize: 2,
        parallelizationFactor: 3,
        maximumRetryAttempts: 1,
        bisectBatchOnFunctionError: true,
      },
      invoke: (seqs) => (seqs.includes('4') ? boom() : undefined),
    });
    await expect(h.processor.run()).resolves.toBe(true);
    expect(h.failures.flatMap((f) => f.records.map((r) => r.sequenceNumber))).toEqual(['4']);
    expect(h.checkpoints).toEqual(['6']);
    // The failing batch's other record comes again in its bisected half, as Lambda does.
    expect(new Set(h.invocations.flat().filter((s) => s !== '4')).size).toBe(5);
  });
});
