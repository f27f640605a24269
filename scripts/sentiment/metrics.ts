/** Macro-averaged recall (SemEval-2017 4A's measure), accuracy and macro-F1 over the gold classes. */
export interface Scores {
  macroRecall: number;
  accuracy: number;
  macroF1: number;
  recall: number[];
  n: number;
}

/**
 * `pred` may hold a class outside 0..classes-1 (MIXED): it counts as wrong for every gold class.
 */
export function score(gold: ArrayLike<number>, pred: ArrayLike<number>, classes = 3): Scores {
  const tp = new Array<number>(classes).fill(0);
  const goldN = new Array<number>(classes).fill(0);
  const predN = new Array<number>(classes).fill(0);
  let correct = 0;
  for (let i = 0; i < gold.length; i++) {
    const g = gold[i]!;
    const p = pred[i]!;
    goldN[g]!++;
    if (p >= 0 && p < classes) predN[p]!++;
    if (g === p) {
      tp[g]!++;
      correct++;
    }
  }
  const recall = tp.map((t, k) => (goldN[k] ? t / goldN[k]! : 0));
  const f1 = tp.map((t, k) => {
    const p = predN[k] ? t / predN[k]! : 0;
    const r = recall[k]!;
    return p + r > 0 ? (2 * p * r) / (p + r) : 0;
  });
  const mean = (xs: number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;
  return {
    macroRecall: mean(recall),
    accuracy: gold.length ? correct / gold.length : 0,
    macroF1: mean(f1),
    recall,
    n: gold.length,
  };
}

export const fmt = (x: number): string => x.toFixed(4);
