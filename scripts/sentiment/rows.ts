import { createVector, embeddingWords, type Featurizer } from '../../functions/nlp/engine/features';
import type { Example } from './data';
import type { Embeddings } from './resources';
import type { SparseRows } from './softmax';

/** Training examples as the rows the softmax trainer reads. */

/** Hashed features, then (with embeddings) the scaled sum of the tweet's word vectors. */
export function featurizeAll(fz: Featurizer, examples: Example[], emb?: Embeddings): SparseRows {
  const v = createVector(4096);
  const base = 1 << fz.config.bits;
  const scale = fz.config.embeddingScale ?? 1;
  const sum = new Float64Array(emb?.dim ?? 0);
  const appendEmbedding = (text: string): void => {
    if (!emb) return;
    sum.fill(0);
    let found = false;
    for (const w of embeddingWords(fz.analyze(text))) {
      const row = emb.index.get(w);
      if (row === undefined) continue;
      found = true;
      for (let d = 0; d < emb.dim; d++) sum[d] = sum[d]! + emb.vectors[row * emb.dim + d]!;
    }
    if (!found) return;
    for (let d = 0; d < emb.dim; d++) {
      v.idx[v.size] = base + d;
      v.val[v.size++] = sum[d]! * scale;
    }
  };
  let idx = new Int32Array(examples.length * 400);
  let val = new Float32Array(examples.length * 400);
  const offsets = new Int32Array(examples.length + 1);
  let size = 0;
  examples.forEach((e, i) => {
    fz.featurize(e.text, v);
    if (v.idx.length < v.size + sum.length) {
      const grownIdx = new Int32Array(v.size + sum.length);
      grownIdx.set(v.idx.subarray(0, v.size));
      const grownVal = new Float32Array(v.size + sum.length);
      grownVal.set(v.val.subarray(0, v.size));
      v.idx = grownIdx;
      v.val = grownVal;
    }
    appendEmbedding(e.text);
    if (size + v.size > idx.length) {
      const grown = Math.max(idx.length * 2, size + v.size);
      const nIdx = new Int32Array(grown);
      nIdx.set(idx.subarray(0, size));
      const nVal = new Float32Array(grown);
      nVal.set(val.subarray(0, size));
      idx = nIdx;
      val = nVal;
    }
    idx.set(v.idx.subarray(0, v.size), size);
    val.set(v.val.subarray(0, v.size), size);
    size += v.size;
    offsets[i + 1] = size;
  });
  return { offsets, idx: idx.slice(0, size), val: val.slice(0, size) };
}

export function subsetRows(rows: SparseRows, keep: number[]): SparseRows {
  const offsets = new Int32Array(keep.length + 1);
  let size = 0;
  for (const r of keep) size += rows.offsets[r + 1]! - rows.offsets[r]!;
  const idx = new Int32Array(size);
  const val = new Float32Array(size);
  let at = 0;
  keep.forEach((r, i) => {
    const s = rows.offsets[r]!;
    const e = rows.offsets[r + 1]!;
    idx.set(rows.idx.subarray(s, e), at);
    val.set(rows.val.subarray(s, e), at);
    at += e - s;
    offsets[i + 1] = at;
  });
  return { offsets, idx, val };
}
