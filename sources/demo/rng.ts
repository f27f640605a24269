import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import type { JumpableRandomGenerator } from 'pure-rand/types/JumpableRandomGenerator';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

/** Convenience draws over one pure-rand generator; every draw advances it, so order matters. */
export interface Rng {
  /** Uniform in [0, 1). */
  float(): number;
  /** Uniform integer in [min, max], both included. */
  int(min: number, max: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** Index drawn with probability proportional to its weight (weights >= 0, not all 0). */
  weightedIndex(weights: readonly number[]): number;
  weighted<T>(items: readonly T[], weights: readonly number[]): T;
  /** Standard normal (Box-Muller). */
  normal(): number;
  /** An independent stream (2^64 steps away), so one part of the generator can draw more or
   * fewer numbers without shifting the sequence of another. */
  fork(): Rng;
}

export function createRng(seed: number): Rng {
  const gen = xoroshiro128plus(seed | 0);
  // Small seeds leave xoroshiro's first outputs poorly mixed.
  for (let i = 0; i < 16; i++) gen.next();
  return wrap(gen);
}

function wrap(gen: JumpableRandomGenerator): Rng {
  const rng: Rng = {
    float: () => uniformFloat64(gen),
    int: (min, max) => uniformInt(gen, min, max),
    chance: (p) => uniformFloat64(gen) < p,
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new Error('pick from an empty list');
      return items[uniformInt(gen, 0, items.length - 1)] as T;
    },
    weightedIndex(weights) {
      let total = 0;
      for (const w of weights) total += w;
      if (!(total > 0)) throw new Error('weightedIndex needs a positive total weight');
      let r = uniformFloat64(gen) * total;
      for (let i = 0; i < weights.length; i++) {
        r -= weights[i] ?? 0;
        if (r < 0) return i;
      }
      // Float rounding can leave r at ~0: fall back to the last positive weight.
      for (let i = weights.length - 1; i >= 0; i--) if ((weights[i] ?? 0) > 0) return i;
      return 0;
    },
    weighted<T>(items: readonly T[], weights: readonly number[]): T {
      return items[rng.weightedIndex(weights)] as T;
    },
    normal() {
      const u = 1 - uniformFloat64(gen); // (0, 1]: log(0) would be -Infinity
      const v = uniformFloat64(gen);
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    },
    fork() {
      const child = gen.clone();
      child.jump();
      gen.jump();
      gen.jump();
      return wrap(child);
    },
  };
  return rng;
}
