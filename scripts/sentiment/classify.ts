/**
 * `npm run --silent classify [-- --lang <code>] < texts.txt > labels.txt`: one text per line in,
 * one label per line out (POSITIVE, NEGATIVE, NEUTRAL or MIXED), same order. Streams: memory stays
 * flat on a large pipe, and output waits for the reader (back-pressure). Only labels go to stdout.
 *
 * --lang (ISO 639-1, e.g. `de`) scores every line with that language's model. Without it each
 * line's language is detected as the workflow does (eld, then the same confidence rule), and a
 * line whose language has no model, or cannot be told, is not scored: it prints NEUTRAL to keep
 * the output aligned, and stderr counts it.
 *
 * --model-dir <folder> scores with your own ONNX transformer instead (SentimentEngine=onnx, see
 * docs/sentiment.md), for the languages given by --model-languages (default en).
 */
import { createInterface } from 'node:readline';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import {
  parseLanguageList,
  pickLanguage,
  sentimentLanguage,
} from '../../functions/domain/language';
import { dominantLanguages } from '../../functions/nlp/comprehend-builtin';
import { loadModelEngine, MODEL_LANGUAGES } from '../../functions/nlp/engine';
import type { SentimentResult } from '../../functions/nlp/lexicon-engine';
import { createOnnxEngine } from '../../functions/nlp/onnx-engine';

const FLUSH_BYTES = 64 * 1024;
/** Lines scored together: one ONNX inference run per batch. */
const BATCH = 32;

interface Scorer {
  languages: readonly string[];
  score(texts: string[], language: string): Promise<SentimentResult[]> | SentimentResult[];
}

async function createScorer(modelDir: string | undefined, modelLanguages: string | undefined) {
  if (modelDir === undefined) {
    const builtin: Scorer = {
      languages: MODEL_LANGUAGES,
      score: (texts, language) => texts.map((t) => loadModelEngine(language).classify(t)),
    };
    return builtin;
  }
  const engine = await createOnnxEngine({
    modelDir,
    languages: parseLanguageList(modelLanguages),
  });
  const onnx: Scorer = {
    languages: engine.languages,
    score: (texts) => engine.classifyBatch(texts),
  };
  return onnx;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      lang: { type: 'string' },
      'model-dir': { type: 'string' },
      'model-languages': { type: 'string' },
    },
  });
  const scorer = await createScorer(values['model-dir'], values['model-languages']);
  const forced =
    values.lang === undefined ? undefined : sentimentLanguage(values.lang, scorer.languages);
  if (values.lang !== undefined && forced === undefined) {
    throw new Error(
      `no ${values['model-dir'] ? 'ONNX' : 'built-in'} model for --lang ${values.lang}; models: ${scorer.languages.join(', ')}`,
    );
  }
  // Loaded before reading, so a broken model fails before any output.
  if (forced && !values['model-dir']) loadModelEngine(forced);
  const languageOf = (text: string): string | undefined =>
    forced ?? sentimentLanguage(pickLanguage(dominantLanguages(text)), scorer.languages);

  const byLanguage = new Map<string, number>();
  let buffer = '';
  let count = 0;
  let pending: string[] = [];

  /** Labels of a batch of lines, in order; unscored lines get NEUTRAL. */
  async function flushBatch(): Promise<void> {
    const labels: string[] = pending.map(() => 'NEUTRAL');
    const groups = new Map<string, number[]>();
    pending.forEach((line, i) => {
      const language = line.trim() === '' ? undefined : languageOf(line);
      const key = line.trim() === '' ? 'blank' : (language ?? 'not scored');
      byLanguage.set(key, (byLanguage.get(key) ?? 0) + 1);
      if (language) groups.set(language, [...(groups.get(language) ?? []), i]);
    });
    for (const [language, rows] of groups) {
      const results = await scorer.score(
        rows.map((i) => pending[i]!),
        language,
      );
      rows.forEach((i, k) => (labels[i] = results[k]!.Sentiment));
    }
    buffer += labels.map((l) => `${l}\n`).join('');
    pending = [];
    if (buffer.length >= FLUSH_BYTES) {
      const ok = process.stdout.write(buffer);
      buffer = '';
      if (!ok) await once(process.stdout, 'drain');
    }
  }

  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    count++;
    pending.push(line);
    if (pending.length >= BATCH) await flushBatch();
  }
  await flushBatch();
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
