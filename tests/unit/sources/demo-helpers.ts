import { createDemoGenerator, type DemoRecord } from '../../../sources/demo/generator';

export const START = Date.parse('2026-03-01T12:00:00.000Z');

/** A clock that moves `stepMs` forward on every reading, like a stream at 1000/stepMs posts/s. */
export function steppingClock(stepMs: number, start = START): () => Date {
  let t = start - stepMs;
  return () => {
    t += stepMs;
    return new Date(t);
  };
}

export function generate(seed: number, count: number, stepMs = 20): DemoRecord[] {
  const g = createDemoGenerator({ seed, now: steppingClock(stepMs) });
  return Array.from({ length: count }, () => g.next());
}
