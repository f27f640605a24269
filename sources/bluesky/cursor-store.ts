import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/** Where a Jetstream cursor (time_us) is kept between runs: a file locally, DynamoDB in AWS. */
export interface CursorStore {
  load(): Promise<number | undefined>;
  save(timeUs: number): Promise<void>;
}

/** A JSON file, replaced atomically so a crash mid-write never leaves a torn cursor. */
export function fileCursorStore(path: string): CursorStore {
  return {
    async load() {
      let text: string;
      try {
        text = await readFile(path, 'utf8');
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw err;
      }
      const cursor = (JSON.parse(text) as { cursor?: unknown }).cursor;
      return typeof cursor === 'number' && Number.isSafeInteger(cursor) && cursor > 0
        ? cursor
        : undefined;
    },
    async save(timeUs) {
      await mkdir(dirname(path), { recursive: true });
      const tmp = `${path}.${process.pid}.tmp`;
      const savedAt = new Date().toISOString();
      await writeFile(tmp, `${JSON.stringify({ cursor: timeUs, savedAt })}\n`);
      await rename(tmp, path);
    },
  };
}

export interface CursorCheckpointsOptions {
  /** The source's cursor: time_us of the newest event fully handed to the sink. */
  cursor: () => number | undefined;
  /** Waits until everything handed to the sink is in the stream (the writer's flush). */
  flush: () => Promise<void>;
  store: CursorStore;
  intervalMs?: number;
  /** Saved this far behind the cursor, so a restart re-reads a little rather than skip a little. */
  lagUs?: number;
  onError?: (err: Error) => void;
}

/**
 * Saves the cursor every few seconds, and once more on stop. The cursor is read before the flush,
 * so what it points past is already in the stream when it is saved.
 */
export function startCursorCheckpoints(opts: CursorCheckpointsOptions): { stop(): Promise<void> } {
  const lagUs = opts.lagUs ?? 3_000_000;
  let saved: number | undefined;
  let running: Promise<void> = Promise.resolve();

  async function save(): Promise<void> {
    const cursor = opts.cursor();
    if (cursor === undefined) return;
    await opts.flush();
    const value = Math.max(1, cursor - lagUs);
    if (saved !== undefined && value <= saved) return;
    await opts.store.save(value);
    saved = value;
  }

  // Chained, so a slow save never overlaps the next; a failed one is reported and retried later.
  const checkpoint = (): Promise<void> => {
    running = running.then(save).catch((err: unknown) => opts.onError?.(err as Error));
    return running;
  };

  const timer = setInterval(() => void checkpoint(), opts.intervalMs ?? 5_000);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      return checkpoint();
    },
  };
}
