import type { KinesisClient } from '@aws-sdk/client-kinesis';
import { createKinesisClient } from '../../functions/shared/aws/kinesis';
import { createKinesisWriter, type FailedRecord } from '../../functions/social/kinesis/writer';
import { createDemoGenerator } from './generator';

export { createDemoGenerator, type DemoRecord, type DemoMeta } from './generator';

export interface DemoSourceOptions {
  /** Kinesis endpoint, e.g. the local kinesalite's http://127.0.0.1:4567; omit for AWS. */
  endpoint?: string;
  streamName: string;
  /** Posts per second; 50 by default. */
  rate?: number;
  /** Seed of the generator; random by default, so each run shows different posts. */
  seed?: number;
  region?: string;
  /** Pacing tick (how often a small batch is generated and sent); 150 ms by default. */
  tickMs?: number;
  /** Use this client instead of creating one (it is then not destroyed by stop()). */
  client?: KinesisClient;
}

export interface DemoSource {
  /** Stops generating, sends what is buffered, closes the client it created. Idempotent. */
  stop(): Promise<void>;
  stats(): { sent: number; failed: number };
}

export const DEFAULT_DEMO_RATE = 50;
/** After a stall (a slow call, a paused laptop), catch up by at most this many seconds of posts. */
const MAX_CATCH_UP_SECONDS = 2;

/** Keeps realistic posts flowing into the stream at `rate` posts per second until stopped. */
export function startDemoSource(opts: DemoSourceOptions): DemoSource {
  const rate = opts.rate ?? DEFAULT_DEMO_RATE;
  if (!(rate > 0)) throw new Error(`rate must be a positive number, got ${String(rate)}`);
  const tickMs = opts.tickMs ?? 150;
  const client =
    opts.client ?? createKinesisClient({ endpoint: opts.endpoint, region: opts.region });
  const generator = createDemoGenerator({
    seed: opts.seed ?? Math.floor(Math.random() * 2 ** 31),
    bskyWire: 'post-view',
  });
  const writer = createKinesisWriter({
    client,
    streamName: opts.streamName,
    // Plain stderr, not the functions' Powertools logger: loading that (and X-Ray's SDK with it)
    // cost every `npm start` about 50 ms for lines that are rare.
    onFailure: (records: FailedRecord[]) => {
      console.error(
        `Demo source dropped ${records.length} record(s): ${records[0]?.errorCode ?? ''} ${records[0]?.errorMessage ?? ''}`,
      );
    },
  });

  const startedAt = performance.now();
  let generated = 0;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  let stopping: Promise<void> | undefined;

  async function tick(): Promise<void> {
    const due = Math.floor(((performance.now() - startedAt) / 1000) * rate);
    // Skip what could not be sent in time rather than flooding the stream after a stall.
    if (due - generated > rate * MAX_CATCH_UP_SECONDS)
      generated = due - rate * MAX_CATCH_UP_SECONDS;
    while (generated < due && !stopped) {
      generated++;
      await writer.put(generator.next());
    }
    await writer.flush();
  }

  function schedule(): void {
    if (stopped) return;
    timer = setTimeout(() => {
      timer = undefined;
      running = tick()
        .catch((err: unknown) => console.error(`Demo source tick failed: ${String(err)}`))
        .finally(() => {
          if (!stopped) schedule();
        });
    }, tickMs);
  }

  schedule();

  return {
    stop() {
      stopping ??= (async () => {
        stopped = true;
        if (timer) clearTimeout(timer);
        timer = undefined;
        await running;
        await writer.close();
        if (!opts.client) client.destroy();
      })();
      return stopping;
    },
    stats() {
      const s = writer.stats();
      return { sent: s.sent, failed: s.failed };
    },
  };
}
