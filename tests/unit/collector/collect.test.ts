import type { Checkpoints } from '../../../functions/collector/checkpoints';
import { collect, type CollectDeps } from '../../../functions/collector/collect';
import { parseTerms } from '../../../sources/tracking/terms';
import { demoRecords } from '../sources/produce/support/demo-records';
import { flakyKinesis, type FlakyKinesis } from '../sources/produce/support/fake-kinesis';
import {
  fakeJetstream,
  type FakeJetstream,
  type Frame,
} from '../sources/produce/support/fake-jetstream';
import {
  fakeXSearch,
  type FakeXSearch,
  type SearchPayload,
} from '../sources/produce/support/fake-x-search';

/** One scheduled run against a fake Jetstream and a fake X recent search on 127.0.0.1. */

const bsky = demoRecords('bsky', 30, 21);
const frames: Frame[] = bsky.map((r) => ({
  timeUs: (r.data as { time_us: number }).time_us,
  text: JSON.stringify(r.data),
}));
const xPosts = demoRecords('x-v2', 5, 22).map((r) => r.data as unknown as SearchPayload);
const tag = bsky.find((r) => r.meta.hashtags.length > 0)!.meta.hashtags[0]!;
const terms = parseTerms([`#${tag}`]);
const matchingBsky = bsky
  .filter((r) => r.meta.hashtags.some((h) => h.toLowerCase() === tag.toLowerCase()))
  .map((r) => r.meta.postId);
/** The run starts "now": at the last recorded frame, so Bluesky catches up with it. */
const NOW_MS = frames[frames.length - 1]!.timeUs / 1000;

function memoryCheckpoints(initial: { cursor?: number; sinceId?: string } = {}) {
  const state = { ...initial, saves: 0 };
  const checkpoints: Checkpoints = {
    blueskyCursor: async () => state.cursor,
    saveBlueskyCursor: async (c) => {
      state.cursor = c;
      state.saves++;
    },
    xSinceId: async () => state.sinceId,
    saveXSinceId: async (id) => {
      state.sinceId = id;
      state.saves++;
    },
    redditCursors: async () => ({}),
    saveRedditCursor: async () => undefined,
  };
  return { state, checkpoints };
}

describe('collect', () => {
  let kinesis: FlakyKinesis;
  let jetstream: FakeJetstream;
  let x: FakeXSearch;
  const logs: string[] = [];
  beforeEach(async () => {
    kinesis = flakyKinesis();
    jetstream = await fakeJetstream(frames, [10]);
    x = await fakeXSearch(xPosts);
    logs.length = 0;
  });
  afterEach(async () => {
    kinesis.restore();
    await jetstream.close();
    await x.close();
  });

  const deps = (checkpoints: Checkpoints, over: Partial<CollectDeps> = {}): CollectDeps => ({
    terms,
    sink: (r) => kinesis.writer.put(r),
    flush: async () => {
      await kinesis.writer.flush();
      return kinesis.writer.stats().failed;
    },
    checkpoints,
    xToken: async () => 'token',
    deadline: NOW_MS + 20_000,
    now: () => NOW_MS,
    log: (_level, message) => logs.push(message),
    jetstreamBackoff: { initialMs: 5, maxMs: 20 },
    ...over,
  });
  const config = (sources: ('bluesky' | 'x')[]) => ({
    sources,
    windowMs: 60_000,
    jetstreamUrl: jetstream.url,
    xApiUrl: x.url,
  });

  it('collects both sources up to the run start, each post once, then moves both checkpoints', async () => {
    const start = frames[0]!.timeUs;
    const sinceId = [...xPosts].sort((a, b) => (BigInt(a.data.id) < BigInt(b.data.id) ? -1 : 1))[0]!
      .data.id;
    const { state, checkpoints } = memoryCheckpoints({ cursor: start, sinceId });
    const summary = await collect(config(['bluesky', 'x']), deps(checkpoints));

    const newerX = xPosts
      .filter((p) => BigInt(p.data.id) > BigInt(sinceId))
      .map((p) => `x:${p.data.id}`);
    expect(kinesis.postIds().sort()).toEqual([...matchingBsky, ...newerX].sort());
    expect(kinesis.rejected).toBeGreaterThan(0);
    expect(summary).toMatchObject({
      terms: 1,
      checkpointed: true,
      bluesky: { posts: matchingBsky.length, caughtUp: true },
      x: { posts: newerX.length, complete: true, rateLimited: false },
    });
    // The connection dropped after 10 frames; the source resumed from its cursor.
    expect(Number(jetstream.requests[0]!.searchParams.get('cursor'))).toBe(start);
    expect(Number(jetstream.requests[1]!.searchParams.get('cursor'))).toBe(frames[9]!.timeUs);
    expect(state.cursor).toBe(frames[frames.length - 1]!.timeUs);
    expect(state.sinceId).toBe(
      xPosts.map((p) => p.data.id).sort((a, b) => (BigInt(a) < BigInt(b) ? 1 : -1))[0],
    );
    expect(x.requests[0]!.get('query')).toBe(`#${tag.toLowerCase()}`);
  });

  it('looks back one window on the first run and stops once caught up with the run start', async () => {
    const { state, checkpoints } = memoryCheckpoints();
    const runStart = frames[20]!.timeUs / 1000;
    const summary = await collect(
      config(['bluesky']),
      deps(checkpoints, { now: () => runStart, deadline: runStart + 20_000 }),
    );
    expect(Number(jetstream.requests[0]!.searchParams.get('cursor'))).toBe(
      frames[20]!.timeUs - 60_000_000,
    );
    expect(summary.bluesky).toMatchObject({ caughtUp: true, cursor: frames[20]!.timeUs });
    expect(state.cursor).toBe(frames[20]!.timeUs);
    expect(summary.x).toBeUndefined();
  });

  it('keeps the checkpoints when a record could not be written', async () => {
    const { state, checkpoints } = memoryCheckpoints({ cursor: frames[0]!.timeUs });
    const summary = await collect(config(['bluesky']), deps(checkpoints, { flush: async () => 3 }));
    expect(summary.checkpointed).toBe(false);
    expect(state.saves).toBe(0);
    expect(logs.join('\n')).toMatch(/3 record\(s\) were not written/);
  });

  it('runs one source when the other fails, and skips X without a token', async () => {
    const { state, checkpoints } = memoryCheckpoints({ cursor: frames[0]!.timeUs });
    const failing = await collect(
      config(['bluesky', 'x']),
      deps(checkpoints, { xToken: async () => Promise.reject(new Error('AccessDenied')) }),
    );
    expect(failing.x).toEqual({ error: 'AccessDenied' });
    expect(failing.bluesky).toMatchObject({ posts: matchingBsky.length });
    expect(state.cursor).toBe(frames[frames.length - 1]!.timeUs);

    const noToken = await collect(
      config(['x']),
      deps(checkpoints, { xToken: async () => undefined }),
    );
    expect(noToken.x).toEqual({ skipped: expect.stringMatching(/no X bearer token/) });
  });

  it('collects nothing while no term is tracked', async () => {
    const { checkpoints } = memoryCheckpoints();
    expect(await collect(config(['bluesky', 'x']), deps(checkpoints, { terms: [] }))).toEqual({
      terms: 0,
      checkpointed: false,
    });
    expect(jetstream.requests).toHaveLength(0);
    expect(x.requests).toHaveLength(0);
  });

  it('stops at the deadline', async () => {
    await jetstream.close();
    jetstream = await fakeJetstream(frames, ['silent']);
    const { state, checkpoints } = memoryCheckpoints({ cursor: 5 });
    const summary = await collect(
      config(['bluesky']),
      deps(checkpoints, { deadline: Date.now() + 100, now: Date.now }),
    );
    expect(summary.bluesky).toMatchObject({ posts: 0, caughtUp: false });
    expect(state.cursor).toBe(5);
  });
});
