import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readVectorTable, writeVectorTable } from '../../../scripts/sentiment/vector-table';

describe('int8 vector table', () => {
  it('round-trips vectors within half a quantization step per dimension, and cuts to maxWords', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vectors-'));
    const paths = { bin: join(dir, 't.bin'), words: join(dir, 't.txt') };
    const words = ['good', 'bad', 'table'];
    const vectors = Float32Array.from([0.5, -2, 0.01, -0.25, 1, 0.3, 0, 0.02, -0.6]);
    writeVectorTable({ source: 'test', dim: 3, words, vectors, index: new Map() }, paths);

    const back = readVectorTable(10, paths);
    expect(back.words).toEqual(words);
    const maxAbs = [0.5, 2, 0.6];
    vectors.forEach((v, i) => {
      expect(Math.abs(back.vectors[i]! - v)).toBeLessThanOrEqual(maxAbs[i % 3]! / 127 / 2 + 1e-7);
    });
    expect(back.index.get('bad')).toBe(1);

    const cut = readVectorTable(2, paths);
    expect(cut.words).toEqual(['good', 'bad']);
    expect(cut.vectors).toHaveLength(6);
  });
});
