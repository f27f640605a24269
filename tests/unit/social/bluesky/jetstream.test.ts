import { hashtagKey } from '../../../../functions/domain/text';
import { startJetstream, subscribeUrl } from '../../../../functions/social/bluesky/jetstream';
import { parseTerms } from '../../../../functions/social/tracking/terms';
import { fixedTracks } from '../../../../functions/social/tracking/watch';
import { sourceUnderTest } from '../../sources/produce/support/source-under-test';
import { demoRecords } from '../../sources/produce/support/demo-records';
import { waitFor } from '../../sources/produce/support/fake-kinesis';
import {
  fakeJetstream,
  type FakeJetstream,
  type Frame,
} from '../../sources/produce/support/fake-jetstream';

/** Jetstream frames: demo posts with identity events and a malformed frame among them. */

const records = demoRecords('bsky', 40, 5);
const frames: Frame[] = [];
for (const [i, r] of records.entries()) {
  const timeUs = (r.data as { time_us: number }).time_us;
  frames.push({ timeUs, text: JSON.stringify(r.data) });
  // Non-post events interleave with posts on the real firehose.
  if (i % 10 === 3) {
    frames.push({
      timeUs: timeUs + 1,
      text: JSON.stringify({
        did: 'did:plc:abc',
        time_us: timeUs + 1,
        kind: 'identity',
        identity: {
          did: 'did:plc:abc',
          handle: 'a.bsky.social',
          seq: 1,
          time: '2026-03-01T12:00:00Z',
        },
      }),
    });
  }
  if (i === 20) frames.push({ timeUs: timeUs + 2, text: '{"did": "did:plc:x", "kind": broken' });
}

const BACKOFF = { initialMs: 5, maxMs: 20 };

describe('Jetstream against a fake WebSocket server on 127.0.0.1', () => {
  const t = sourceUnderTest<
    Parameters<typeof startJetstream>[0],
    ReturnType<typeof startJetstream>,
    FakeJetstream
  >(startJetstream);

  it('sends every post exactly once across dropped connections, resuming at the cursor', async () => {
    t.server = await fakeJetstream(frames, [12, 9, 'silent']);
    const expected = records.map((r) => r.meta.postId);
    const jetstream = t.start({
      url: t.server.url,
      sink: (r) => t.kinesis.writer.put(r),
      tracks: fixedTracks([]),
      untracked: 'all',
      stallMs: 300,
      backoff: BACKOFF,
    });
    await waitFor(() => jetstream.stats().posts === expected.length);
    await jetstream.stop();
    await t.kinesis.writer.flush();

    expect(t.kinesis.postIds().sort()).toEqual([...expected].sort());
    expect(t.kinesis.rejected).toBeGreaterThan(0);
    const stats = jetstream.stats();
    expect(stats.duplicates).toBeGreaterThanOrEqual(2); // the cursor's own event, replayed
    expect(stats.malformed).toBe(1);
    expect(stats.reconnects).toBeGreaterThanOrEqual(3); // two drops and one stall
    // Each reconnect asked for posts only and resumed where the last one stopped.
    expect(t.server.requests[0]!.searchParams.get('cursor')).toBeNull();
    for (const req of t.server.requests) {
      expect(req.searchParams.get('wantedCollections')).toBe('app.bsky.feed.post');
    }
    const cursors = t.server.requests.slice(1).map((r) => Number(r.searchParams.get('cursor')));
    expect(cursors[0]).toBe(frames[11]!.timeUs);
    expect(cursors).toEqual([...cursors].sort((a, b) => a - b));
    expect(jetstream.cursor()).toBe(frames[frames.length - 1]!.timeUs);
  });

  it('keeps only posts with a tracked hashtag or keyword', async () => {
    t.server = await fakeJetstream(frames);
    const tag = records.find((r) => r.meta.hashtags.length > 0)!.meta.hashtags[0]!;
    const jetstream = t.start({
      url: t.server.url,
      sink: (r) => t.kinesis.writer.put(r),
      tracks: fixedTracks(parseTerms([`#${tag}`])),
      untracked: 'none',
      backoff: BACKOFF,
    });
    const matching = records.filter((r) =>
      r.meta.hashtags.some((h) => hashtagKey(h) === hashtagKey(tag)),
    );
    await waitFor(() => jetstream.stats().events >= frames.length - 1);
    await jetstream.stop();
    await t.kinesis.writer.flush();
    expect(matching.length).toBeGreaterThan(0);
    expect(matching.length).toBeLessThan(records.length);
    expect(t.kinesis.postIds().sort()).toEqual(matching.map((r) => r.meta.postId).sort());
    expect(jetstream.stats().filtered).toBe(records.length - matching.length);
  });

  it('sends nothing while no term is tracked when asked to (the collector)', async () => {
    t.server = await fakeJetstream(frames);
    const jetstream = t.start({
      url: t.server.url,
      sink: (r) => t.kinesis.writer.put(r),
      tracks: fixedTracks([]),
      untracked: 'none',
      backoff: BACKOFF,
    });
    await waitFor(() => jetstream.stats().events >= frames.length - 1);
    await jetstream.stop();
    expect(jetstream.stats().posts).toBe(0);
  });

  it('passes on deletes and edits of the posts it sent, and no others', async () => {
    interface Commit {
      did: string;
      time_us: number;
      commit: { rkey: string; record: unknown };
    }
    const [sent, other] = demoRecords('bsky', 2, 17).map((r) => r.data as unknown as Commit);
    const change = (post: Commit, operation: string, dt: number) => ({
      did: post.did,
      time_us: post.time_us + dt,
      kind: 'commit',
      commit: {
        rev: '3lbhrq2aa7s2t',
        operation,
        collection: 'app.bsky.feed.post',
        rkey: post.commit.rkey,
        ...(operation === 'update' ? { record: post.commit.record } : {}),
      },
    });
    const events = [
      sent!,
      change(sent!, 'update', 1),
      change(sent!, 'delete', 2),
      change(other!, 'delete', 3),
    ];
    t.server = await fakeJetstream(
      events.map((e) => ({ timeUs: e.time_us as number, text: JSON.stringify(e) })),
    );
    const jetstream = t.start({
      url: t.server.url,
      sink: (r) => t.kinesis.writer.put(r),
      tracks: fixedTracks([]),
      untracked: 'all',
      backoff: BACKOFF,
    });
    await waitFor(() => jetstream.stats().changes === 2);
    await jetstream.stop();
    await t.kinesis.writer.flush();
    const sentOut = t.kinesis.accepted.map(
      (r) => JSON.parse(r.data) as { commit: { operation: string } },
    );
    expect(sentOut.map((e) => e.commit.operation)).toEqual(['create', 'update', 'delete']);
    expect(jetstream.stats()).toMatchObject({ posts: 1, changes: 2 });
  });

  it('stops by itself once it has caught up to stopAtTimeUs, resuming from a cursor', async () => {
    t.server = await fakeJetstream(frames);
    const from = frames[5]!.timeUs;
    const stopAt = frames[25]!.timeUs;
    const jetstream = t.start({
      url: t.server.url,
      sink: (r) => t.kinesis.writer.put(r),
      tracks: fixedTracks([]),
      untracked: 'all',
      cursor: from,
      stopAtTimeUs: stopAt,
      backoff: BACKOFF,
    });
    await jetstream.done;
    expect(jetstream.caughtUp()).toBe(true);
    expect(jetstream.cursor()).toBe(stopAt);
    expect(Number(t.server.requests[0]!.searchParams.get('cursor'))).toBe(from);
  });
});

describe('subscribeUrl', () => {
  it('asks for posts only and sets or clears the cursor', () => {
    const base = 'wss://jetstream2.us-east.bsky.network/subscribe';
    expect(subscribeUrl(base)).toBe(`${base}?wantedCollections=app.bsky.feed.post`);
    expect(subscribeUrl(`${base}?cursor=5`, 1732184470123456)).toBe(
      `${base}?cursor=1732184470123456&wantedCollections=app.bsky.feed.post`,
    );
  });
});
