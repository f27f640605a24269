import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Tokenizer } from '@huggingface/tokenizers';
import type { InferenceSession, Tensor } from 'onnxruntime-node';
import type { Sentiment } from '../domain/post';
import { toComprehend } from './engine/classifier';
import type { SentimentResult } from './lexicon-engine';

/**
 * SentimentEngine=onnx: a fine-tuned transformer that the user brings as a model folder, run by
 * onnxruntime on the CPU, offline. Two folder layouts are read:
 *
 * - Transformers.js: config.json, tokenizer.json, tokenizer_config.json, onnx/model.onnx (or
 *   onnx/model_quantized.onnx);
 * - onnxruntime / Optimum export: the same files with model.onnx (or model_quantized.onnx) at the
 *   top.
 *
 * config.json's id2label names the classes: labels containing "neg", "neu", "pos" or "mix" map to
 * Comprehend's four (as written by cardiffnlp/twitter-xlm-roberta-base-sentiment and most
 * sentiment fine-tunes); a model without a MIXED class gets the built-in engine's MIXED rule.
 *
 * onnxruntime-node is a native module: it is imported when the engine is created, never bundled
 * (esbuild keeps it external) and comes from the container image or a layer in AWS.
 */

export interface OnnxEngineOptions {
  /** The model folder. */
  modelDir: string;
  /** Languages the model was fine-tuned for (ISO 639-1); others stay unscored. */
  languages: readonly string[];
  /** Tokens per text, special tokens included (texts are truncated). */
  maxLength?: number;
}

export interface OnnxSentimentEngine {
  languages: readonly string[];
  /** The model file the engine runs. */
  modelFile: string;
  /** Scores a batch in one inference run; `results[i]` belongs to `texts[i]`. */
  classifyBatch(texts: readonly string[]): Promise<SentimentResult[]>;
}

const MODEL_FILES = [
  'onnx/model.onnx',
  'onnx/model_quantized.onnx',
  'model.onnx',
  'model_quantized.onnx',
];

/** The model file of a folder in either layout, or an error that says what was looked for. */
export function findModelFile(modelDir: string): string {
  for (const f of MODEL_FILES) {
    const path = join(modelDir, f);
    if (existsSync(path)) return path;
  }
  throw new Error(`No ONNX model in ${modelDir}: looked for ${MODEL_FILES.join(', ')}`);
}

const LABEL_PATTERNS: [RegExp, Sentiment][] = [
  [/neg/i, 'NEGATIVE'],
  [/neu/i, 'NEUTRAL'],
  [/pos/i, 'POSITIVE'],
  [/mix/i, 'MIXED'],
];

/** Comprehend's label of each output index, from config.json's id2label. */
export function outputLabels(id2label: Record<string, string> | undefined): Sentiment[] {
  const entries = Object.entries(id2label ?? {}).sort((a, b) => Number(a[0]) - Number(b[0]));
  const labels = entries.map(([, name]) => LABEL_PATTERNS.find(([re]) => re.test(name))?.[1]);
  if (entries.length < 2 || labels.some((l) => l === undefined)) {
    throw new Error(
      `config.json id2label must name sentiment classes (negative/neutral/positive[/mixed]), got ${JSON.stringify(id2label)}`,
    );
  }
  return labels as Sentiment[];
}

function softmax(row: ArrayLike<number>): number[] {
  const max = Math.max(...Array.from(row));
  const e = Array.from(row, (z) => Math.exp(z - max));
  const sum = e.reduce((s, x) => s + x, 0);
  return e.map((x) => x / sum);
}

/** Comprehend's shape from one row of class probabilities. */
export function toResult(p: number[], labels: readonly Sentiment[]): SentimentResult {
  const of = (s: Sentiment): number =>
    labels.reduce((sum, l, i) => (l === s ? sum + (p[i] ?? 0) : sum), 0);
  if (!labels.includes('MIXED')) {
    return toComprehend({
      positive: of('POSITIVE'),
      negative: of('NEGATIVE'),
      neutral: of('NEUTRAL'),
    });
  }
  const SentimentScore = {
    Positive: of('POSITIVE'),
    Negative: of('NEGATIVE'),
    Neutral: of('NEUTRAL'),
    Mixed: of('MIXED'),
  };
  const best = (Object.entries(SentimentScore) as [keyof typeof SentimentScore, number][]).reduce(
    (a, b) => (b[1] > a[1] ? b : a),
  )[0];
  return { Sentiment: best.toUpperCase() as Sentiment, SentimentScore };
}

interface ModelConfig {
  id2label?: Record<string, string>;
  pad_token_id?: number;
}

export async function createOnnxEngine(options: OnnxEngineOptions): Promise<OnnxSentimentEngine> {
  const { modelDir, languages, maxLength = 128 } = options;
  const modelFile = findModelFile(modelDir);
  const readJson = async <T>(name: string, fallback?: T): Promise<T> => {
    const path = join(modelDir, name);
    if (!existsSync(path) && fallback !== undefined) return fallback;
    return JSON.parse(await readFile(path, 'utf8')) as T;
  };
  const config = await readJson<ModelConfig>('config.json');
  const labels = outputLabels(config.id2label);
  const tokenizer = new Tokenizer(
    await readJson<object>('tokenizer.json'),
    await readJson<object>('tokenizer_config.json', {}),
  );
  const ort = await import('onnxruntime-node');
  // One thread: Lambda bills the function's memory-sized CPU share, and batches are small.
  const session: InferenceSession = await ort.InferenceSession.create(modelFile, {
    intraOpNumThreads: 1,
    interOpNumThreads: 1,
  });
  const padId = config.pad_token_id ?? 0;

  async function classifyBatch(texts: readonly string[]): Promise<SentimentResult[]> {
    if (texts.length === 0) return [];
    const encoded = texts.map((t) => {
      const ids = tokenizer.encode(t).ids;
      // Keep the closing special token when truncating, as the tokenizer's own truncation does.
      return ids.length <= maxLength ? ids : [...ids.slice(0, maxLength - 1), ids.at(-1)!];
    });
    const width = Math.max(...encoded.map((ids) => ids.length));
    const ids = new BigInt64Array(texts.length * width).fill(BigInt(padId));
    const mask = new BigInt64Array(texts.length * width);
    encoded.forEach((row, r) =>
      row.forEach((id, c) => {
        ids[r * width + c] = BigInt(id);
        mask[r * width + c] = 1n;
      }),
    );
    const dims = [texts.length, width];
    const feeds: Record<string, Tensor> = {};
    for (const name of session.inputNames) {
      if (name === 'input_ids') feeds[name] = new ort.Tensor('int64', ids, dims);
      else if (name === 'attention_mask') feeds[name] = new ort.Tensor('int64', mask, dims);
      else if (name === 'token_type_ids') {
        feeds[name] = new ort.Tensor('int64', new BigInt64Array(ids.length), dims);
      } else throw new Error(`ONNX model input "${name}" is not one a text classifier takes`);
    }
    const out = await session.run(feeds);
    const logits = out[session.outputNames[0]!]!;
    const classes = Number(logits.dims.at(-1));
    if (classes !== labels.length) {
      throw new Error(`ONNX model gives ${classes} scores, config.json names ${labels.length}`);
    }
    const data = logits.data as Float32Array;
    return texts.map((_, r) =>
      toResult(softmax(data.subarray(r * classes, (r + 1) * classes)), labels),
    );
  }

  return { languages, modelFile, classifyBatch };
}
