import type { FunctionDef, StreamEventDef } from '../template/types';
import type { InvokeFunction } from '../types';
import type { CheckpointStore } from './checkpoints';
import type { FailedBatch } from './events';
import { compileFilters } from './filter';
import { type MappingStats, ShardProcessor, type ShardProcessorOptions } from './shard-processor';
import type { ShardInfo, StartPosition, StreamSource } from './stream-source';

export interface StreamMappingOptions {
  fn: FunctionDef;
  event: StreamEventDef;
  source: StreamSource;
  invoke: InvokeFunction;
  checkpoints: CheckpointStore;
  stats: MappingStats;
  sendOnFailure?: (batch: FailedBatch) => Promise<void>;
  log: (line: string) => void;
  /** How often shards are listed again to find new ones (default 5 s). */
  discoveryIntervalMs?: number;
  tuning?: Pick<ShardProcessorOptions, 'basePollMs' | 'retryBaseDelayMs'>;
}

/** The checkpoint key of a mapping: function, event and stream (a new stream starts afresh). */
export const mappingKey = (fn: FunctionDef, event: StreamEventDef): string =>
  `${fn.logicalId}/${event.name}/${event.streamArn}`;

/**
 * One event source mapping: discovers the stream's shards, runs a ShardProcessor per shard (a
 * child only once its parents are finished), and looks for new shards periodically.
 */
export class StreamMapping {
  readonly key: string;
  private readonly running = new Map<string, { processor: ShardProcessor; done: Promise<void> }>();
  private initialShards?: Set<string>;
  private stopped = false;
  private timer?: NodeJS.Timeout;
  private discovering?: Promise<void>;
  private readonly filter;

  constructor(private readonly o: StreamMappingOptions) {
    this.key = mappingKey(o.fn, o.event);
    this.filter = compileFilters(o.event.filterPatterns);
    o.checkpoints.mapping(this.key);
  }

  get shardCount(): number {
    return this.running.size;
  }

  async start(): Promise<void> {
    await this.discover();
    this.schedule();
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      void this.discover().finally(() => this.schedule());
    }, this.o.discoveryIntervalMs ?? 5000);
    this.timer.unref();
  }

  /** Lists shards and starts the ones that are ready; never runs twice at once. */
  discover(): Promise<void> {
    this.discovering ??= this.discoverOnce()
      .catch((err: unknown) => this.o.log(`${this.label()}: listing shards failed: ${String(err)}`))
      .finally(() => (this.discovering = undefined));
    return this.discovering;
  }

  private async discoverOnce(): Promise<void> {
    const shards = await this.o.source.listShards();
    this.initialShards ??= new Set(shards.map((s) => s.shardId));
    const known = new Set(shards.map((s) => s.shardId));
    const finished = (id: string): boolean =>
      this.o.checkpoints.get(this.key, id).finished === true;
    const opening: Promise<void>[] = [];
    for (const shard of shards) {
      if (this.stopped || this.running.has(shard.shardId) || finished(shard.shardId)) continue;
      // Parents first: a child waits until every parent still in the stream is finished.
      if (shard.parentShardIds.some((p) => known.has(p) && !finished(p))) continue;
      opening.push(this.startShard(shard));
    }
    await Promise.all(opening);
  }

  private startPosition(shard: ShardInfo): StartPosition {
    const { event, checkpoints } = this.o;
    const cp = checkpoints.get(this.key, shard.shardId);
    if (cp.sequenceNumber)
      return { type: 'AFTER_SEQUENCE_NUMBER', sequenceNumber: cp.sequenceNumber };
    // StartingPosition applies to the shards there when the mapping is created; shards that
    // appear later (children after a split or roll-over) are read from their beginning.
    if (!this.initialShards?.has(shard.shardId)) return { type: 'TRIM_HORIZON' };
    if (event.startingPosition === 'AT_TIMESTAMP' && event.kind === 'Kinesis') {
      return { type: 'AT_TIMESTAMP', timestampMs: (event.startingPositionTimestamp ?? 0) * 1000 };
    }
    if (event.startingPosition === 'LATEST') {
      if (checkpoints.isNew(this.key)) return { type: 'LATEST' };
      // Restarted mapping that never got a record from this shard: resume from its creation.
      if (event.kind === 'Kinesis')
        return { type: 'AT_TIMESTAMP', timestampMs: checkpoints.mapping(this.key).createdAt };
      return { type: 'LATEST' };
    }
    return { type: 'TRIM_HORIZON' };
  }

  /** Starts the shard's processor; resolves once its starting position is pinned. */
  private async startShard(shard: ShardInfo): Promise<void> {
    const { fn, event, checkpoints } = this.o;
    const reader = this.o.source.reader(shard.shardId, this.startPosition(shard));
    const processor = new ShardProcessor({
      shardId: shard.shardId,
      streamArn: event.streamArn,
      functionArn: fn.arn,
      mapping: event,
      reader,
      ...(this.filter ? { filter: this.filter } : {}),
      invoke: (records) => this.o.invoke(fn.logicalId, { Records: records }),
      checkpoint: (seq) => checkpoints.advance(this.key, shard.shardId, seq),
      ...(this.o.sendOnFailure ? { sendOnFailure: this.o.sendOnFailure } : {}),
      stats: this.o.stats,
      log: (line) => this.o.log(`${this.label()} ${line}`),
      ...this.o.tuning,
    });
    const done = processor.run().then(
      (finishedShard) => {
        this.running.delete(shard.shardId);
        if (!finishedShard) return;
        checkpoints.finish(this.key, shard.shardId);
        // Its children may start now.
        void this.discover();
      },
      (err: unknown) => {
        this.running.delete(shard.shardId);
        this.o.log(`${this.label()} ${shard.shardId}: stopped on error: ${String(err)}`);
      },
    );
    this.running.set(shard.shardId, { processor, done });
    // A failure here shows up again (and is logged) on the processor's first read.
    await reader.open?.().catch(() => undefined);
  }

  private label(): string {
    return `[${this.o.fn.logicalId}.${this.o.event.name}]`;
  }

  /** Stops polling; waits up to `graceMs` for in-flight invocations (their records are not checkpointed). */
  async stop(graceMs = 2000): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    const all = [...this.running.values()];
    all.forEach((r) => r.processor.stop());
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all(all.map((r) => r.done)),
      new Promise((resolve) => (timer = setTimeout(resolve, graceMs))),
    ]);
    clearTimeout(timer);
  }
}
