import { createDemoGenerator, type DemoRecord } from '../../../../../sources/demo/generator';
import type { DemoFormat } from '../../../../../sources/demo/draft';

const START = Date.parse('2026-03-01T12:00:00.000Z');

/** Demo records of one wire format, deterministic for a seed, 50 ms apart. */
export function demoRecords(format: DemoFormat, count: number, seed = 7): DemoRecord[] {
  let t = START;
  const generator = createDemoGenerator({
    seed,
    now: () => new Date((t += 50)),
    formatWeights: { 'x-v2': 0, 'x-v1': 0, bsky: 0, [format]: 1 },
  });
  return Array.from({ length: count }, () => generator.next());
}
