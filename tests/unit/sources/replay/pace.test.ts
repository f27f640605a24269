import { createPacer, type Pace } from '../../../../sources/replay/pace';
import { twitterDate } from '../../../../sources/replay/restamp';
import { parseTwitterDate } from '../../../../functions/domain/normalize/dates';

function run(pace: Pace, recorded: (number | undefined)[], stallAt?: number) {
  let clock = 1_000_000;
  const waits: number[] = [];
  const pacer = createPacer(pace, {
    now: () => clock,
    sleep: async (ms) => {
      waits.push(ms);
      clock += ms;
    },
  });
  return (async () => {
    for (const [i, t] of recorded.entries()) {
      if (i === stallAt) clock += 10_000; // the sink took 10 s
      await pacer.wait(t);
    }
    return waits;
  })();
}

describe('createPacer', () => {
  it('never waits as fast as possible', async () => {
    expect(await run({ kind: 'fast' }, [0, 1e9, 2e9])).toEqual([]);
  });

  it('spaces records evenly at a fixed rate, in waits of at least 10 ms', async () => {
    const waits = await run({ kind: 'rate', perSecond: 50 }, Array(6).fill(undefined));
    expect(waits).toEqual([20, 20, 20, 20, 20]);
    const fast = await run({ kind: 'rate', perSecond: 1000 }, Array(31).fill(undefined));
    expect(fast.every((w) => w >= 10)).toBe(true);
    expect(fast.reduce((a, b) => a + b, 0)).toBe(30);
  });

  it('sends out-of-order records at once and catches up at most 2 s after a stall', async () => {
    expect(await run({ kind: 'recorded', speed: 1 }, [0, 1000, 500, 3000])).toEqual([1000, 2000]);
    const waits = await run({ kind: 'rate', perSecond: 1 }, Array(7).fill(undefined), 2);
    // After the 10 s stall, 2 s worth of posts go at once (records 2-4), not all 10 s worth.
    expect(waits).toEqual([1000, 1000, 1000]);
  });
});

describe('twitterDate', () => {
  it('writes what the v1.1 normalizer reads', () => {
    const ms = Date.parse('2026-11-22T09:05:03.000Z');
    expect(twitterDate(ms)).toBe('Sun Nov 22 09:05:03 +0000 2026');
    expect(parseTwitterDate(twitterDate(ms))).toBe('2026-11-22T09:05:03.000Z');
  });
});
