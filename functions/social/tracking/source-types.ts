import type { KinesisRecordInput } from '../kinesis/writer';

/** What every source writes to: the Kinesis writer's `put` (or a fake in tests). */
export type RecordSink = (record: KinesisRecordInput) => Promise<void>;

export type LogLevel = 'info' | 'warn' | 'error';
/** Where sources report what happens: the CLI prints above its progress line, Lambda logs JSON. */
export type SourceLog = (level: LogLevel, message: string, data?: Record<string, unknown>) => void;

export const silentLog: SourceLog = () => undefined;

/** A wait that ends early, without throwing, when `signal` aborts. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
