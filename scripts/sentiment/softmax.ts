import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uniformInt } from 'pure-rand/distribution/uniformInt';

/**
 * Multinomial logistic regression over hashed sparse features, trained with Adagrad and L2 on the
 * touched weights. Small enough to read in one sitting; deterministic for a given seed.
 */

/** Training examples as one CSR matrix. */
export interface SparseRows {
  offsets: Int32Array; // rows + 1
  idx: Int32Array;
  val: Float32Array;
}

export interface SoftmaxOptions {
  classes: number;
  dim: number;
  epochs: number;
  learningRate: number;
  l2: number;
  /** Per-class loss weight (e.g. inverse class frequency, for macro-recall). */
  classWeights: number[];
  seed: number;
  /** Optional per-example loss weight. */
  sampleWeights?: ArrayLike<number>;
}

export interface SoftmaxModel {
  classes: number;
  dim: number;
  /** Row-major: weights[feature * classes + k]. */
  weights: Float32Array;
  bias: Float64Array;
}

export function trainSoftmax(
  rows: SparseRows,
  y: ArrayLike<number>,
  o: SoftmaxOptions,
): SoftmaxModel {
  const K = o.classes;
  const W = new Float32Array(o.dim * K);
  const G = new Float32Array(o.dim * K);
  const b = new Float64Array(K);
  const Gb = new Float64Array(K);
  const z = new Float64Array(K);
  const n = rows.offsets.length - 1;
  const order = Int32Array.from({ length: n }, (_, i) => i);
  const rng = xoroshiro128plus(o.seed);
  const eps = 1e-8;

  for (let epoch = 0; epoch < o.epochs; epoch++) {
    for (let i = n - 1; i > 0; i--) {
      const j = uniformInt(rng, 0, i);
      const t = order[i]!;
      order[i] = order[j]!;
      order[j] = t;
    }
    for (let r = 0; r < n; r++) {
      const row = order[r]!;
      const start = rows.offsets[row]!;
      const end = rows.offsets[row + 1]!;
      logits(W, b, K, rows, start, end, z);
      softmaxInPlace(z);
      const label = y[row]!;
      const cw = (o.classWeights[label] ?? 1) * (o.sampleWeights?.[row] ?? 1);
      for (let k = 0; k < K; k++) z[k] = cw * (z[k]! - (k === label ? 1 : 0));
      for (let f = start; f < end; f++) {
        const base = rows.idx[f]! * K;
        const v = rows.val[f]!;
        for (let k = 0; k < K; k++) {
          const w = W[base + k]!;
          const g = z[k]! * v + o.l2 * w;
          const acc = G[base + k]! + g * g;
          G[base + k] = acc;
          W[base + k] = w - (o.learningRate * g) / Math.sqrt(acc + eps);
        }
      }
      for (let k = 0; k < K; k++) {
        const g = z[k]!;
        Gb[k] = Gb[k]! + g * g;
        b[k] = b[k]! - (o.learningRate * g) / Math.sqrt(Gb[k]! + eps);
      }
    }
  }
  return { classes: K, dim: o.dim, weights: W, bias: b };
}

export function logits(
  W: ArrayLike<number>,
  b: ArrayLike<number>,
  K: number,
  rows: SparseRows,
  start: number,
  end: number,
  out: Float64Array,
): void {
  for (let k = 0; k < K; k++) out[k] = b[k]!;
  for (let f = start; f < end; f++) {
    const base = rows.idx[f]! * K;
    const v = rows.val[f]!;
    for (let k = 0; k < K; k++) out[k] = out[k]! + W[base + k]! * v;
  }
}

export function softmaxInPlace(z: Float64Array): void {
  let max = -Infinity;
  for (let k = 0; k < z.length; k++) if (z[k]! > max) max = z[k]!;
  let sum = 0;
  for (let k = 0; k < z.length; k++) {
    const e = Math.exp(z[k]! - max);
    z[k] = e;
    sum += e;
  }
  for (let k = 0; k < z.length; k++) z[k] = z[k]! / sum;
}

/** Raw scores (logits) of every row, rows * classes. */
export function scoreRows(model: SoftmaxModel, rows: SparseRows): Float64Array {
  const K = model.classes;
  const n = rows.offsets.length - 1;
  const out = new Float64Array(n * K);
  const z = new Float64Array(K);
  for (let r = 0; r < n; r++) {
    logits(model.weights, model.bias, K, rows, rows.offsets[r]!, rows.offsets[r + 1]!, z);
    out.set(z, r * K);
  }
  return out;
}
