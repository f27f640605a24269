/**
 * `npm run --silent classify < texts.txt > labels.txt`: one text per line in, one label per line
 * out (POSITIVE, NEGATIVE, NEUTRAL or MIXED), same order. Streams: memory stays flat on a large
 * pipe, and output waits for the reader (back-pressure). Only labels go to stdout.
 */
import { createInterface } from 'node:readline';
import { once } from 'node:events';
import { loadModelEngine } from '../../functions/nlp/engine';

const FLUSH_BYTES = 64 * 1024;

async function main(): Promise<void> {
  const engine = loadModelEngine();
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  let buffer = '';
  let count = 0;
  for await (const line of lines) {
    // A blank line has no sentiment to read; NEUTRAL keeps the output aligned with the input.
    buffer += `${line.trim() === '' ? 'NEUTRAL' : engine.classify(line).Sentiment}\n`;
    count++;
    if (buffer.length >= FLUSH_BYTES) {
      const ok = process.stdout.write(buffer);
      buffer = '';
      if (!ok) await once(process.stdout, 'drain');
    }
  }
  if (buffer) process.stdout.write(buffer);
  process.stderr.write(`classified ${count} lines\n`);
}

process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  // The reader went away (e.g. `| head`): stop quietly, as Unix tools do.
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

main().catch((err: unknown) => {
  process.stderr.write(`classify: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
