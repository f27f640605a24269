import { parseArgs } from 'node:util';
import { normalizeRecord } from '../functions/domain/normalize';
import { toWorkPost, type WorkPost } from '../functions/domain/workflow';
import { createDemoGenerator } from '../sources/demo/generator';

/** `total` demo posts created `1000 / rate` ms apart, as the stream would carry them. */
export function demoPosts(total: number, rate: number, seed: number): WorkPost[] {
  let t = Date.parse('2026-12-04T12:00:00Z');
  const generator = createDemoGenerator({ seed, now: () => new Date(t) });
  const out: WorkPost[] = [];
  while (out.length < total) {
    const result = normalizeRecord(generator.next().data);
    t += 1000 / rate;
    if (result.ok) out.push(toWorkPost(result.post));
  }
  return out;
}

/** The demo-post benches' options: `--posts 20000 --rate 1000 --seed 1000`. */
export function demoPostArgs(): { total: number; rate: number; seed: number } {
  const { values } = parseArgs({
    options: {
      posts: { type: 'string', default: '20000' },
      rate: { type: 'string', default: '1000' },
      seed: { type: 'string', default: '1000' },
    },
  });
  return { total: Number(values.posts), rate: Number(values.rate), seed: Number(values.seed) };
}
