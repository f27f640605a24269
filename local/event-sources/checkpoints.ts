import { existsSync, readFileSync } from 'node:fs';
import { writeFileAtomically } from '../atomic-write';

/**
 * Where each event source mapping has got to in each shard: the last sequence number processed
 * (never beyond a record not yet handled) and whether the shard is finished. Kept in memory and,
 * with a data folder, in checkpoints.json, so a restart resumes without re-delivering or skipping.
 */

export interface ShardCheckpoint {
  sequenceNumber?: string;
  /** The shard was closed and every record in it was handled. */
  finished?: boolean;
}

export interface MappingCheckpoints {
  createdAt: number;
  shards: Record<string, ShardCheckpoint>;
}

const WRITE_DELAY_MS = 100;

/** Sequence numbers are decimal strings longer than a double holds. */
export function compareSequence(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

export class CheckpointStore {
  private state: Record<string, MappingCheckpoints> = {};
  private timer?: NodeJS.Timeout;
  private readonly created = new Set<string>();

  constructor(private readonly file?: string) {
    if (file && existsSync(file)) {
      try {
        this.state = JSON.parse(readFileSync(file, 'utf8')) as Record<string, MappingCheckpoints>;
      } catch {
        // A corrupt file means we cannot know where we were; start over rather than refuse to run.
        this.state = {};
      }
    }
  }

  /** The mapping's state, created (and remembered as new in this run) when absent. */
  mapping(key: string): MappingCheckpoints {
    let m = this.state[key];
    if (!m) {
      m = { createdAt: Date.now(), shards: {} };
      this.state[key] = m;
      this.created.add(key);
      this.schedule();
    }
    return m;
  }

  /** true when the mapping did not exist before this run (StartingPosition applies). */
  isNew(key: string): boolean {
    return this.created.has(key);
  }

  get(key: string, shardId: string): ShardCheckpoint {
    return this.mapping(key).shards[shardId] ?? {};
  }

  /** Moves the checkpoint forward to `sequenceNumber`; never backwards. */
  advance(key: string, shardId: string, sequenceNumber: string): void {
    const shards = this.mapping(key).shards;
    const current = shards[shardId]?.sequenceNumber;
    if (current !== undefined && compareSequence(sequenceNumber, current) <= 0) return;
    shards[shardId] = { ...shards[shardId], sequenceNumber };
    this.schedule();
  }

  finish(key: string, shardId: string): void {
    const shards = this.mapping(key).shards;
    shards[shardId] = { ...shards[shardId], finished: true };
    this.schedule();
  }

  snapshot(): Record<string, MappingCheckpoints> {
    return structuredClone(this.state);
  }

  private schedule(): void {
    if (!this.file || this.timer) return;
    this.timer = setTimeout(() => this.flush(), WRITE_DELAY_MS);
    this.timer.unref();
  }

  /** Writes the file now (atomically: a crash leaves the old or the new file, never half of one). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.file) return;
    writeFileAtomically(this.file, JSON.stringify(this.state, null, 1));
  }
}
