import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  CreateStreamCommand,
  DescribeStreamSummaryCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  ListShardsCommand,
  type KinesisClient,
} from '@aws-sdk/client-kinesis';
import kinesalite from 'kinesalite';
import { parseAndNormalize } from '../../../functions/domain/normalize';
import { startDemoSource, type DemoSource } from '../../../sources/demo';
import { createKinesisClient } from '../../../functions/shared/aws/kinesis';

const STREAM = 'demo-posts';
let server: Server;
let endpoint: string;
let client: KinesisClient;

// Generous bounds for a loaded machine; they only turn a hang into a failure.
beforeAll(async () => {
  server = kinesalite({ createStreamMs: 0, deleteStreamMs: 0, updateStreamMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  client = createKinesisClient({ endpoint });
  await client.send(new CreateStreamCommand({ StreamName: STREAM, ShardCount: 2 }));
  for (;;) {
    const s = await client.send(new DescribeStreamSummaryCommand({ StreamName: STREAM }));
    if (s.StreamDescriptionSummary?.StreamStatus === 'ACTIVE') break;
    await new Promise((r) => setTimeout(r, 20));
  }
}, 30_000);

afterAll(async () => {
  client.destroy();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** Every record in the stream, per shard, from the start. */
async function readAll(): Promise<Map<string, Uint8Array[]>> {
  const out = new Map<string, Uint8Array[]>();
  const shards = await client.send(new ListShardsCommand({ StreamName: STREAM }));
  for (const shard of shards.Shards ?? []) {
    const id = shard.ShardId ?? '';
    const it = await client.send(
      new GetShardIteratorCommand({
        StreamName: STREAM,
        ShardId: id,
        ShardIteratorType: 'TRIM_HORIZON',
      }),
    );
    let iterator = it.ShardIterator;
    const data: Uint8Array[] = [];
    for (;;) {
      const page = await client.send(
        new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }),
      );
      for (const r of page.Records ?? []) if (r.Data) data.push(r.Data);
      iterator = page.NextShardIterator;
      if ((page.Records ?? []).length === 0) break;
    }
    out.set(id, data);
  }
  return out;
}

/**
 * Tracks the timers the demo source itself sets (not the SDK's or the sockets'): pending until
 * they fire or are cleared.
 */
function trackSourceTimers(): {
  pending: Set<NodeJS.Timeout>;
  seen(): number;
  restore(): void;
} {
  const pending = new Set<NodeJS.Timeout>();
  let seen = 0;
  const realSet = global.setTimeout;
  const realClear = global.clearTimeout;
  const set = jest.spyOn(global, 'setTimeout').mockImplementation(((
    fn: (...a: unknown[]) => void,
    ms?: number,
    ...args: unknown[]
  ) => {
    const handle: NodeJS.Timeout = realSet(() => {
      pending.delete(handle);
      fn(...args);
    }, ms);
    if (new Error().stack?.includes('sources/demo/index')) {
      pending.add(handle);
      seen++;
    }
    return handle;
  }) as typeof setTimeout);
  const clear = jest.spyOn(global, 'clearTimeout').mockImplementation((handle) => {
    pending.delete(handle as NodeJS.Timeout);
    realClear(handle);
  });
  return {
    pending,
    seen: () => seen,
    restore() {
      set.mockRestore();
      clear.mockRestore();
    },
  };
}

async function until(cond: () => boolean, what: string): Promise<void> {
  // A generous bound only so a broken source fails instead of hanging; no speed is asserted.
  for (let i = 0; i < 600 && !cond(); i++) await new Promise((r) => setTimeout(r, 50));
  if (!cond()) throw new Error(`timed out waiting for ${what}`);
}

describe('startDemoSource against kinesalite', () => {
  it('paces posts into the stream at the requested rate and stops cleanly', async () => {
    const timers = trackSourceTimers();
    const errors = jest.spyOn(console, 'error');
    const rate = 100;
    const started = performance.now();
    const source: DemoSource = startDemoSource({ endpoint, streamName: STREAM, rate, seed: 4 });
    await until(() => source.stats().sent >= 150, '150 records');
    await source.stop();
    const elapsed = (performance.now() - started) / 1000;
    const { sent, failed } = source.stats();
    // Nothing keeps running after stop(): no timer of the source left (and no records added,
    // below). The pacing loop did set timers: the check is not vacuous.
    expect(timers.pending.size).toBe(0);
    expect(timers.seen()).toBeGreaterThan(3);
    timers.restore();

    expect(failed).toBe(0);
    // Paced, not flooded: never ahead of rate x elapsed time. (The lower bound above is the
    // 150 records waited for.)
    expect(sent).toBeLessThanOrEqual(Math.ceil(rate * elapsed) + 1);

    const perShard = await readAll();
    const all = [...perShard.values()].flat();
    expect(all).toHaveLength(sent);
    // Partition keys spread the posts over both shards.
    for (const data of perShard.values()) expect(data.length).toBeGreaterThan(sent * 0.25);
    const ids = new Set<string>();
    for (const data of all) {
      const result = parseAndNormalize(data);
      if (!result.ok) throw new Error(result.reason);
      ids.add(result.post.id);
    }
    expect(ids.size).toBe(sent);

    await new Promise((r) => setTimeout(r, 400));
    expect(source.stats().sent).toBe(sent);
    // A tick that ran after stop() would have hit the closed writer and logged an error.
    expect(errors).not.toHaveBeenCalled();
    errors.mockRestore();
    expect([...(await readAll()).values()].flat()).toHaveLength(sent);
  }, 60_000);

  it('stop() is idempotent and works before the first batch', async () => {
    const source = startDemoSource({ endpoint, streamName: STREAM, rate: 50, seed: 1 });
    await Promise.all([source.stop(), source.stop()]);
    await source.stop();
    expect(source.stats()).toEqual({ sent: 0, failed: 0 });
  });

  it('reports records it could not deliver instead of throwing', async () => {
    const source = startDemoSource({ endpoint, streamName: 'no-such-stream', rate: 50, seed: 2 });
    await until(() => source.stats().failed > 0, 'a reported failure');
    await source.stop();
    expect(source.stats().sent).toBe(0);
  }, 60_000);

  it('rejects a rate that is not positive', () => {
    expect(() => startDemoSource({ endpoint, streamName: STREAM, rate: 0 })).toThrow(/rate/);
  });
});
