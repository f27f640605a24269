import { abortableSleep } from '../../functions/social/tracking/source-types';

/** How fast a replay sends: as fast as the stream takes, a fixed rate, or the recorded pace. */
export type Pace =
  { kind: 'fast' } | { kind: 'rate'; perSecond: number } | { kind: 'recorded'; speed: number };

export interface Pacer {
  /** Waits until the next record is due; `recordedAt` is its recorded time (epoch ms). */
  wait(recordedAt: number | undefined, signal?: AbortSignal): Promise<void>;
  /** Starts over (a new `--loop` pass). */
  reset(): void;
}

export interface PacerClock {
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** Below this, waits are skipped and added up: timers cannot sleep for fractions of a ms. */
const MIN_SLEEP_MS = 10;
/** After a stall (a slow sink), catch up by at most this much rather than burst. */
const MAX_BEHIND_MS = 2_000;

export function createPacer(pace: Pace, clock: PacerClock = {}): Pacer {
  const now = clock.now ?? Date.now;
  const sleep = clock.sleep ?? abortableSleep;
  let startedAt: number | undefined;
  let firstRecorded: number | undefined;
  let latestRecorded = -Infinity;
  let count = 0;

  /** The wall-clock time the next record is due, or undefined when it is due now. */
  function dueAt(recordedAt: number | undefined, start: number): number | undefined {
    if (pace.kind === 'rate') return start + (count * 1000) / pace.perSecond;
    if (pace.kind === 'recorded' && recordedAt !== undefined && Number.isFinite(recordedAt)) {
      firstRecorded ??= recordedAt;
      // An out-of-order record goes out at once instead of looking like a stall to catch up on.
      latestRecorded = Math.max(latestRecorded, recordedAt);
      return start + (latestRecorded - firstRecorded) / pace.speed;
    }
    return undefined;
  }

  return {
    async wait(recordedAt, signal) {
      if (pace.kind === 'fast') return;
      const t = now();
      startedAt ??= t;
      const due = dueAt(recordedAt, startedAt);
      count++;
      if (due === undefined) return;
      if (t - due > MAX_BEHIND_MS) startedAt += t - due - MAX_BEHIND_MS;
      else if (due - t >= MIN_SLEEP_MS) await sleep(due - t, signal);
    },
    reset() {
      startedAt = undefined;
      firstRecorded = undefined;
      latestRecorded = -Infinity;
      count = 0;
    },
  };
}
