import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFeaturizer, type FeatureConfig } from '../../../functions/nlp/engine/features';
import {
  createModelEngine,
  decodeModel,
  loadModelEngine,
  type SentimentModelFile,
} from '../../../functions/nlp/engine';
import { findRepoRoot } from '../../../local/paths';
import { pack } from '../../../scripts/sentiment/artifact';
import type { Example } from '../../../scripts/sentiment/data';
import {
  EMBEDDINGS_INSTALL,
  EMBEDDINGS_PACKAGE,
  findEmbeddingsFile,
  type Embeddings,
} from '../../../scripts/sentiment/resources';
import { featurizeAll } from '../../../scripts/sentiment/rows';
import { scoreRows, type SoftmaxModel } from '../../../scripts/sentiment/softmax';

// Training sums the words' vectors; the artifact keeps one projected row per word. Both must give
// the same probabilities, or the shipped model is not the one that was measured.
describe('pretrained embeddings', () => {
  const features: FeatureConfig = {
    bits: 8,
    charMin: 2,
    charMax: 3,
    charWeight: 1,
    denseWeight: 1,
    lexTokens: true,
    embeddingScale: 0.5,
  };
  const lexicon = new Map([['good', 1.9]]);
  const vocabulary = new Set(['good', 'day', 'so']);
  const words = ['good', 'bad', 'day', 'rain'];
  const dim = 4;
  const vectors = Float32Array.from({ length: words.length * dim }, (_, i) => Math.sin(i * 1.7));
  const emb: Embeddings = {
    source: 'test',
    dim,
    words,
    vectors,
    index: new Map(words.map((w, i) => [w, i])),
  };
  // Fixed pseudo-random weights on the embedding dims only, so that 8-bit codes of the hashed
  // buckets do not blur the comparison.
  const buckets = 1 << features.bits;
  const model: SoftmaxModel = {
    classes: 3,
    dim: buckets + dim,
    weights: Float32Array.from({ length: (buckets + dim) * 3 }, (_, i) =>
      i >= buckets * 3 ? Math.cos(i * 0.37) : 0,
    ),
    bias: Float64Array.from([0.1, -0.2, 0.05]),
  };
  const texts = ['good day', 'not a good day, bad rain', 'rain rain rain', 'nothing known here'];
  const examples: Example[] = texts.map((text, i) => ({
    id: `${i}`,
    label: 'neutral',
    y: 1,
    text,
    file: 't',
  }));

  it('scores a word through its projected row exactly as training scored its vector', () => {
    const fz = createFeaturizer(features, { lexicon, vocabulary });
    const logits = scoreRows(model, featurizeAll(fz, examples, emb));
    const file = pack(model, features, lexicon, vocabulary, {}, emb);
    const engine = createModelEngine(decodeModel(file));
    texts.forEach((text, r) => {
      // LABELS order: negative, neutral, positive; the artifact's logits are relative to neutral.
      const [neg, neu, pos] = [0, 1, 2].map((k) => logits[r * 3 + k]!);
      const p = engine.probabilities(text);
      // Only the 8-bit codes of the word rows separate the two.
      expect(Math.log(p.positive / p.neutral)).toBeCloseTo(pos! - neu!, 1);
      expect(Math.log(p.negative / p.neutral)).toBeCloseTo(neg! - neu!, 1);
    });
  });

  it('emits one entry per embedded word occurrence, none for unknown words', () => {
    const file = pack(model, features, lexicon, vocabulary, {}, emb);
    const loaded = decodeModel(file);
    const fz = createFeaturizer(loaded.features, loaded.resources);
    const rows = (text: string): number[] => {
      const v = fz.featurize(text, { idx: new Int32Array(16), val: new Float32Array(16), size: 0 });
      return [...v.idx.subarray(0, v.size)].filter((i) => i >= buckets).map((i) => i - buckets);
    };
    expect(rows('rain, not good RAIN')).toEqual([3, 0, 3]);
    expect(rows('zzzq unknownword')).toEqual([]);
  });

  it('rejects an artifact whose embedding rows do not match its words', () => {
    const file = pack(model, features, lexicon, vocabulary, {}, emb);
    const embedding = file.embedding!;
    expect(() => decodeModel({ ...file, embedding: { ...embedding, words: 'good\nbad' } })).toThrow(
      /embedding/,
    );
  });

  it('loads an artifact without embedding rows, as the committed one is by default', () => {
    const file = pack(model, features, lexicon, vocabulary, {});
    expect(file).not.toHaveProperty('embedding');
    const loaded = decodeModel(file);
    expect(loaded.resources.embedding).toBeUndefined();
    expect(loaded.weights).toHaveLength(buckets * 2);
  });
});

// The shipped model uses GloVe through the committed int8 table (scripts/sentiment/vectors/), so
// neither training nor any install needs the 118 MB package; only --derive-vectors reads it.
describe('embeddings without the 118 MB package', () => {
  it('ships a committed model with per-word GloVe scores, trained from the committed table', () => {
    const path = join(findRepoRoot(), 'functions', 'nlp', 'model', 'sentiment-en.json');
    const file = JSON.parse(readFileSync(path, 'utf8')) as SentimentModelFile;
    expect(file.embedding?.words.split('\n')).toHaveLength(50_000);
    expect(file.features.embeddingScale).toBeGreaterThan(0);
    expect(file.training.embeddings).toMatchObject({ source: expect.stringMatching(/int8 table/) });
    const engine = loadModelEngine();
    expect(engine.probabilities('wonderful').positive).toBeGreaterThan(
      engine.probabilities('dreadful').positive,
    );
  });

  it('keeps the package out of package.json', () => {
    const pkg = JSON.parse(readFileSync(join(findRepoRoot(), 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
      devDependencies: Record<string, string>;
    };
    expect({ ...pkg.dependencies, ...pkg.devDependencies }).not.toHaveProperty(EMBEDDINGS_PACKAGE);
  });

  it('finds no vectors where the package is not installed', () => {
    const root = mkdtempSync(join(tmpdir(), 'no-embeddings-'));
    writeFileSync(join(root, 'package.json'), '{}');
    expect(findEmbeddingsFile(root)).toBeUndefined();
  });

  it('names an install command that leaves package.json and the lock file alone', () => {
    expect(EMBEDDINGS_INSTALL).toBe(`npm install --no-save ${EMBEDDINGS_PACKAGE}@1.1.0`);
  });
});
