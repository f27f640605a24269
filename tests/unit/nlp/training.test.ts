import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanText, readFile, readFiles } from '../../../scripts/sentiment/data';
import { score } from '../../../scripts/sentiment/metrics';
import { scoreRows, trainSoftmax, type SparseRows } from '../../../scripts/sentiment/softmax';
import { buildCodebook, encodeWeight } from '../../../functions/nlp/engine/model';

describe('training data', () => {
  it('undoes the quirks of the distributed files', () => {
    expect(cleanText('Plus\\u002c tomorrow\\u2019s fine')).toBe('Plus, tomorrow’s fine');
    expect(cleanText('"He said ""hi"" to me"\t')).toBe('He said "hi" to me');
  });

  it('keeps tabs inside the text and drops duplicates and excluded tweets', () => {
    const dir = mkdtempSync(join(tmpdir(), 'semeval-'));
    writeFileSync(join(dir, 'a.tsv'), '1\tpositive\tgood\tday\n2\tneutral\tbus at 9\n');
    writeFileSync(join(dir, 'b.tsv'), '3\tnegative\tBUS AT 9\n4\tnegative\tbad\n');
    expect(readFile('a.tsv', dir)[0]).toMatchObject({
      id: '1',
      label: 'positive',
      y: 2,
      text: 'good\tday',
    });
    const excluded = readFile('a.tsv', dir).slice(0, 1);
    expect(readFiles(['a.tsv', 'b.tsv'], excluded, dir).map((e) => e.id)).toEqual(['2', '4']);
  });
});

describe('metrics', () => {
  it('computes macro-recall, accuracy and macro-F1; MIXED (-1) is always wrong', () => {
    const s = score([0, 0, 1, 2], [0, -1, 1, 1]);
    expect(s.recall).toEqual([0.5, 1, 0]);
    expect(s.macroRecall).toBeCloseTo(0.5, 10);
    expect(s.accuracy).toBeCloseTo(0.5, 10);
    // F1: class 0 = 2/3, class 1 = 2/3, class 2 = 0.
    expect(s.macroF1).toBeCloseTo(4 / 9, 10);
  });
});

describe('softmax trainer', () => {
  // Feature 0 marks class 0, feature 1 class 1, feature 2 class 2; feature 3 is noise.
  const rows: SparseRows = {
    offsets: Int32Array.from([0, 2, 4, 6, 8, 10, 12]),
    idx: Int32Array.from([0, 3, 1, 3, 2, 3, 0, 3, 1, 3, 2, 3]),
    val: Float32Array.from([1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]),
  };
  const y = [0, 1, 2, 0, 1, 2];
  const options = {
    classes: 3,
    dim: 4,
    epochs: 20,
    learningRate: 0.5,
    l2: 0,
    classWeights: [1, 1, 1],
    seed: 7,
  };

  it('learns a separable problem', () => {
    const model = trainSoftmax(rows, y, options);
    const scores = scoreRows(model, rows);
    const pred = y.map((_, i) => {
      const z = [0, 1, 2].map((k) => scores[i * 3 + k]!);
      return z.indexOf(Math.max(...z));
    });
    expect(pred).toEqual(y);
  });

  it('is deterministic for a seed', () => {
    expect(trainSoftmax(rows, y, options).weights).toEqual(trainSoftmax(rows, y, options).weights);
  });
});

describe('weight codes', () => {
  it('round-trips weights through the companded 8-bit codebook', () => {
    const max = 4;
    const book = buildCodebook(max);
    expect(book[encodeWeight(0, max)]).toBe(0);
    for (const w of [-4, -1.3, -0.02, 0.5, 2.2, 4]) {
      const back = book[encodeWeight(w, max)]!;
      // Companding keeps small weights finer than large ones.
      expect(Math.abs(back - w)).toBeLessThanOrEqual(Math.max(0.002, Math.abs(w) * 0.02) + 1e-9);
    }
  });
});
