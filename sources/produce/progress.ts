export interface ProgressCounts {
  /** Records Kinesis accepted. */
  sent: number;
  /** Records given up on. */
  failed: number;
  /** Re-sends of records a call refused. */
  retried: number;
  /** Source-specific counters shown after the standard ones (e.g. skipped, reconnects). */
  extra?: Record<string, number>;
}

const n = (v: number): string => v.toLocaleString('en-US');

export function formatProgress(
  label: string,
  counts: ProgressCounts,
  postsPerSecond: number,
): string {
  const extra = Object.entries(counts.extra ?? {})
    .filter(([, v]) => v > 0)
    .map(([k, v]) => `  ${k} ${n(v)}`)
    .join('');
  return (
    `${label}  ${postsPerSecond.toFixed(1).padStart(7)} posts/s  sent ${n(counts.sent)}` +
    `  failed ${n(counts.failed)}  retried ${n(counts.retried)}${extra}`
  );
}

export interface ProgressOptions {
  label: string;
  read: () => ProgressCounts;
  out?: NodeJS.WritableStream & { isTTY?: boolean };
  intervalMs?: number;
  now?: () => number;
}

export interface Progress {
  /** Prints a message above the live line. */
  log(message: string): void;
  /** Stops updating and prints the final line. */
  stop(): void;
}

/**
 * The live progress line on stderr: rewritten in place on a terminal, one line every ten
 * seconds otherwise (CI logs, pipes), so it never floods a log file.
 */
export function startProgress(opts: ProgressOptions): Progress {
  const out = opts.out ?? process.stderr;
  const tty = out.isTTY === true;
  const now = opts.now ?? Date.now;
  const intervalMs = opts.intervalMs ?? (tty ? 1_000 : 10_000);
  const start = { at: now(), sent: opts.read().sent };
  let last = start;
  let rate = 0;
  let shown = false;

  const line = (): string => {
    const counts = opts.read();
    const t = now();
    const dt = (t - last.at) / 1000;
    if (dt > 0) {
      const instant = (counts.sent - last.sent) / dt;
      rate = rate === 0 ? instant : rate * 0.5 + instant * 0.5;
      last = { at: t, sent: counts.sent };
    }
    return formatProgress(opts.label, counts, rate);
  };
  const clear = (): void => {
    if (tty && shown) out.write('\r\x1b[2K');
    shown = false;
  };
  const draw = (): void => {
    if (tty) {
      clear();
      out.write(line());
      shown = true;
    } else out.write(`${line()}\n`);
  };

  const timer = setInterval(draw, intervalMs);
  timer.unref();
  return {
    log(message) {
      clear();
      out.write(`${message}\n`);
      if (tty) draw();
    },
    stop() {
      clearInterval(timer);
      clear();
      // The final line shows the average over the whole run, not the last second.
      const counts = opts.read();
      const seconds = (now() - start.at) / 1000;
      const average = seconds > 0 ? (counts.sent - start.sent) / seconds : 0;
      out.write(`${formatProgress(opts.label, counts, average)}\n`);
    },
  };
}
