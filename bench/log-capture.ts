/**
 * Counts the bytes the local functions log, as CloudWatch Logs would ingest them. Worker threads
 * pipe their stdout and stderr into this process's streams, so the two `write` methods see every
 * line a function prints. Function lines are JSON (Powertools Logger and Metrics/EMF); they are
 * counted, kept out of the terminal and, if a file is given, written there. Anything else (the
 * benchmark's own progress) passes through.
 */
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';

export interface LogTally {
  bytes: number;
  lines: number;
  /** EMF documents (Powertools Metrics), a part of `bytes`. */
  metricBytes: number;
  warnOrError: number;
  /** Bytes per `function_name` (lines logged with the Lambda context), else under ''. */
  byFunction: Record<string, number>;
}

export interface LogCapture {
  tally(): LogTally;
  stop(): Promise<void>;
}

type Write = typeof process.stdout.write;

/** Classifies and counts one complete line; false if it is not a function's JSON line. */
export function countLine(line: string, t: LogTally): boolean {
  if (!line.startsWith('{')) return false;
  const bytes = Buffer.byteLength(line, 'utf8') + 1; // the newline ends the log event
  t.bytes += bytes;
  t.lines += 1;
  if (line.includes('"_aws"')) t.metricBytes += bytes;
  if (/"level":"(WARN|ERROR|CRITICAL)"/.test(line)) t.warnOrError += 1;
  const fn = /"function_name":"([^"]*)"/.exec(line)?.[1] ?? '';
  t.byFunction[fn] = (t.byFunction[fn] ?? 0) + bytes;
  return true;
}

export function startLogCapture(file?: string): LogCapture {
  const t: LogTally = { bytes: 0, lines: 0, metricBytes: 0, warnOrError: 0, byFunction: {} };
  let sink: WriteStream | undefined;
  if (file) {
    mkdirSync(dirname(file), { recursive: true });
    sink = createWriteStream(file);
  }
  const restore: (() => void)[] = [];

  for (const stream of [process.stdout, process.stderr]) {
    const own = stream.write;
    const original = (text: string, callback?: () => void): boolean =>
      (own as (chunk: string, cb?: () => void) => boolean).call(stream, text, callback);
    let partial = '';
    const patched = (chunk: unknown, ...rest: unknown[]): boolean => {
      const text =
        typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8');
      const parts = (partial + text).split('\n');
      partial = parts.pop() ?? '';
      const passThrough: string[] = [];
      for (const line of parts) {
        if (countLine(line, t)) sink?.write(`${line}\n`);
        else passThrough.push(`${line}\n`);
      }
      // A progress line without its newline yet is not held back.
      if (partial && !partial.startsWith('{')) {
        passThrough.push(partial);
        partial = '';
      }
      const callback = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
      if (passThrough.length > 0) return original(passThrough.join(''), callback);
      callback?.();
      return true;
    };
    stream.write = patched as Write;
    restore.push(() => {
      stream.write = own;
    });
  }

  return {
    tally: () => structuredClone(t),
    stop: async () => {
      restore.forEach((r) => r());
      if (sink) await new Promise<void>((resolve) => sink.end(resolve));
    },
  };
}
