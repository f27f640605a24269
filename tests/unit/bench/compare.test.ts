import {
  compareSummaries,
  formatComparison,
  medianSummary,
  pairsOption,
  summarize,
  withoutOptions,
  type BenchSummary,
} from '../../../bench/compare';

const result = (over: { postsPerSecond: number; wcu: number; p95: number; usd: number }) => ({
  posts: { endToEndPerSecond: over.postsPerSecond, allVisible: true },
  freshnessMs: { p50: 1, p95: over.p95, max: 1, samples: 1 },
  per1000Posts: { dynamodb: { writeCapacityUnits: over.wcu } },
  cost: {
    reports: [
      { engine: 'builtin', totalUsd: over.usd },
      { engine: 'comprehend', totalUsd: 150 },
    ],
  },
  machine: { loadavgAtEnd: [3, 2, 1] },
});

describe('bench --compare', () => {
  it('reads the figures of a run, and of the last run of an --archive both result', () => {
    const one = result({ postsPerSecond: 150, wcu: 4500, p95: 87_000, usd: 2.8 });
    expect(summarize(one)).toEqual<BenchSummary>({
      postsPerSecond: 150,
      writeUnitsPerPost: 4.5,
      freshnessP95Ms: 87_000,
      builtinUsdPerMillion: 2.8,
      allVisible: true,
      loadAtEnd: [3, 2, 1],
    });
    const both = {
      runs: [one, result({ postsPerSecond: 140, wcu: 4400, p95: 1, usd: 3 })],
      comparison: {},
    };
    expect(summarize(both).postsPerSecond).toBe(140);
    expect(() => summarize({ hello: 1 })).toThrow('not a bench result');
  });

  it("judges each figure against the issue's targets: ratios for throughput and cost, absolutes for write units and freshness", () => {
    const before = summarize(result({ postsPerSecond: 100, wcu: 4500, p95: 60_000, usd: 2.8 }));
    const met = compareSummaries(
      before,
      summarize(result({ postsPerSecond: 300, wcu: 2000, p95: 3000, usd: 1.4 })),
    );
    expect(met.map((r) => [r.figure, r.met])).toEqual([
      ['posts/s end to end', true],
      ['DynamoDB write units per post', true],
      ['freshness p95 (s)', true],
      ['USD per million posts (builtin)', true],
    ]);
    expect(met[0]!.ratio).toBeCloseTo(3);
    const missed = compareSummaries(
      before,
      summarize(result({ postsPerSecond: 299, wcu: 2001, p95: 3001, usd: 1.41 })),
    );
    expect(missed.every((r) => !r.met)).toBe(true);
    expect(formatComparison('c9ca621', missed)).toMatch(
      /posts\/s end to end\s+100\s+299\s+2\.99x\s+ratio >= 3\s+not met/,
    );
  });

  it('passes the other options on, without --compare and --out in either spelling', () => {
    expect(
      withoutOptions(
        ['--compare', 'main~3', '--seconds', '20', '--out=x.json', '--rate', '200'],
        ['compare', 'out'],
      ),
    ).toEqual(['--seconds', '20', '--rate', '200']);
    expect(withoutOptions(['--compare=HEAD', '--out', 'y'], ['compare', 'out'])).toEqual([]);
  });

  it("takes each side's median over alternated pairs, and every run must have counted all", () => {
    const run = (postsPerSecond: number, allVisible = true): BenchSummary => ({
      postsPerSecond,
      writeUnitsPerPost: postsPerSecond / 100,
      freshnessP95Ms: postsPerSecond * 10,
      builtinUsdPerMillion: 1,
      allVisible,
      loadAtEnd: [postsPerSecond],
    });
    const three = medianSummary([run(700), run(900), run(600)]);
    expect(three).toMatchObject({
      postsPerSecond: 700,
      writeUnitsPerPost: 7,
      freshnessP95Ms: 7000,
    });
    expect(three.loadAtEnd).toEqual([600]);
    expect(medianSummary([run(600), run(800)]).postsPerSecond).toBe(700);
    expect(medianSummary([run(600), run(800, false)]).allVisible).toBe(false);
    expect(() => medianSummary([])).toThrow('no runs');
  });

  it('takes --pairs as a whole number from 1 to 10, 1 when absent, and leaves it out of the runs', () => {
    expect(pairsOption(undefined)).toBe(1);
    expect(pairsOption('3')).toBe(3);
    expect(pairsOption('2')).toBe(2);
    for (const bad of ['0', '11', '1.5', '', 'two']) {
      expect(() => pairsOption(bad)).toThrow('--pairs expects a whole number from 1 to 10');
    }
    expect(
      withoutOptions(
        ['--compare', 'm', '--pairs', '3', '--pairs=2', '--rate', '200'],
        ['compare', 'out', 'pairs'],
      ),
    ).toEqual(['--rate', '200']);
  });
});
