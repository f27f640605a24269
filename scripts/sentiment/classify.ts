/**
 * `npm run --silent classify [-- --lang <code>] < texts.txt > labels.txt`: one text per line in,
 * one label per line out (POSITIVE, NEGATIVE, NEUTRAL or MIXED), same order. Streams: memory stays
 * flat on a large pipe, and output waits for the reader (back-pressure). Only labels go to stdout.
 *
 * --lang (ISO 639-1, e.g. `de`) scores every line with that language's model. Without it each
 * line's language is detected as the workflow does (eld, then the same confidence rule), and a
 * line whose language has no model, or cannot be told, is not scored: it prints NEUTRAL to keep
 * the output aligned, and stderr counts it.
 */
import { createInterface } from 'node:readline';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { pickLanguage, sentimentLanguage } from '../../functions/domain/language';
import { dominantLanguages } from '../../functions/nlp/comprehend-builtin';
import { loadModelEngine, MODEL_LANGUAGES } from '../../functions/nlp/engine';

const FLUSH_BYTES = 64 * 1024;

/** The model language of a line: the forced one, or the detected one when it has a model. */
function languageOf(text: string, forced: string | undefined): string | undefined {
  return forced ?? sentimentLanguage(pickLanguage(dominantLanguages(text)), MODEL_LANGUAGES);
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { lang: { type: 'string' } } });
  const forced =
    values.lang === undefined ? undefined : sentimentLanguage(values.lang, MODEL_LANGUAGES);
  if (values.lang !== undefined && forced === undefined) {
    throw new Error(
      `no built-in model for --lang ${values.lang}; models: ${MODEL_LANGUAGES.join(', ')}`,
    );
  }
  // Loaded before reading, so a broken model fails before any output.
  if (forced) loadModelEngine(forced);
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  let buffer = '';
  let count = 0;
  const byLanguage = new Map<string, number>();
  for await (const line of lines) {
    count++;
    // A blank line has no sentiment to read; NEUTRAL keeps the output aligned with the input.
    const language = line.trim() === '' ? undefined : languageOf(line, forced);
    const key = line.trim() === '' ? 'blank' : (language ?? 'not scored');
    byLanguage.set(key, (byLanguage.get(key) ?? 0) + 1);
    buffer += `${language ? loadModelEngine(language).classify(line).Sentiment : 'NEUTRAL'}\n`;
    if (buffer.length >= FLUSH_BYTES) {
      const ok = process.stdout.write(buffer);
      buffer = '';
      if (!ok) await once(process.stdout, 'drain');
    }
  }
  if (buffer) process.stdout.write(buffer);
  const counts = [...byLanguage].map(([k, n]) => `${k} ${n}`).join(', ');
  process.stderr.write(`classified ${count} lines (${counts || 'none'})\n`);
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
