import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseAndNormalize } from '../../../../functions/domain/normalize/index';
import { startJetstream } from '../../../../functions/social/bluesky/jetstream';
import { createProfileResolver } from '../../../../functions/social/bluesky/profiles';
import { fixedTracks } from '../../../../functions/social/tracking/watch';
import { demoRecords } from '../../sources/produce/support/demo-records';
import { waitFor } from '../../sources/produce/support/fake-kinesis';
import { fakeJetstream, type FakeJetstream } from '../../sources/produce/support/fake-jetstream';

/** A fake AppView on 127.0.0.1: app.bsky.actor.getProfiles from a table of known DIDs. */
interface FakeAppView {
  url: string;
  /** The `actors` of each request. */
  requests: string[][];
  close(): Promise<void>;
}

async function fakeAppView(
  profiles: Record<string, { handle: string; displayName?: string }>,
  behaviour: { delayMs?: number; status?: number } = {},
): Promise<FakeAppView> {
  const requests: string[][] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const actors = url.searchParams.getAll('actors');
    requests.push(actors);
    setTimeout(() => {
      if (url.pathname !== '/xrpc/app.bsky.actor.getProfiles' || behaviour.status) {
        res.writeHead(behaviour.status ?? 404).end();
        return;
      }
      const found = actors.flatMap((did) => {
        const p = profiles[did];
        return p ? [{ did, ...p }] : [];
      });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ profiles: found }));
    }, behaviour.delayMs ?? 0);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const did = (i: number): string => `did:plc:author${String(i).padStart(4, '0')}`;

describe('createProfileResolver against a fake AppView on loopback', () => {
  let appView: FakeAppView | undefined;
  afterEach(async () => {
    await appView?.close();
    appView = undefined;
  });

  it('batches lookups (25 DIDs a request) and caches what it learns', async () => {
    const known = Object.fromEntries(
      Array.from({ length: 40 }, (_, i) => [did(i), { handle: `user${i}.bsky.social` }]),
    );
    appView = await fakeAppView(known);
    const resolver = createProfileResolver({ appViewUrl: appView.url });
    const first = await Promise.all(
      Array.from({ length: 40 }, (_, i) => resolver.profileOf(did(i))),
    );
    expect(first.map((p) => p?.handle)).toEqual(
      Array.from({ length: 40 }, (_, i) => `user${i}.bsky.social`),
    );
    expect(appView.requests.map((r) => r.length)).toEqual([25, 15]);
    await resolver.profileOf(did(3));
    expect(appView.requests).toHaveLength(2);
  });

  it('keeps the display name, drops handle.invalid, remembers unknown DIDs for a while', async () => {
    appView = await fakeAppView({
      [did(1)]: { handle: 'alice.example.com', displayName: ' Alice ' },
      [did(2)]: { handle: 'handle.invalid', displayName: 'Bob' },
    });
    const resolver = createProfileResolver({ appViewUrl: appView.url });
    expect(await resolver.profileOf(did(1))).toEqual({
      handle: 'alice.example.com',
      name: 'Alice',
    });
    expect(await resolver.profileOf(did(2))).toEqual({ name: 'Bob' });
    expect(await resolver.profileOf(did(3))).toBeUndefined();
    expect(await resolver.profileOf(did(3))).toBeUndefined();
    expect(appView.requests.flat().filter((d) => d === did(3))).toHaveLength(1);
  });

  it('waits at most waitMs, and the late answer still fills the cache', async () => {
    appView = await fakeAppView({ [did(1)]: { handle: 'slow.bsky.social' } }, { delayMs: 300 });
    const resolver = createProfileResolver({ appViewUrl: appView.url, waitMs: 50 });
    const started = Date.now();
    expect(await resolver.profileOf(did(1))).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(250);
    await waitFor(() => resolver.stats().resolved === 1);
    expect(await resolver.profileOf(did(1))).toEqual({ handle: 'slow.bsky.social' });
    expect(resolver.stats().timedOut).toBe(1);
  });

  it('sends at most requestsPerSecond requests', async () => {
    appView = await fakeAppView({});
    const resolver = createProfileResolver({
      appViewUrl: appView.url,
      requestsPerSecond: 2,
      waitMs: 5_000,
    });
    const started = Date.now();
    // 100 DIDs = 4 requests: two at once, then one every half second.
    await Promise.all(Array.from({ length: 100 }, (_, i) => resolver.profileOf(did(i))));
    expect(appView.requests).toHaveLength(4);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it('shows DIDs when the AppView fails, without asking again at once', async () => {
    appView = await fakeAppView({}, { status: 503 });
    const warnings: string[] = [];
    const resolver = createProfileResolver({
      appViewUrl: appView.url,
      log: (_l, m) => warnings.push(m),
    });
    expect(await resolver.profileOf(did(1))).toBeUndefined();
    expect(await resolver.profileOf(did(1))).toBeUndefined();
    expect(appView.requests).toHaveLength(1);
    expect(resolver.stats().failed).toBe(1);
    expect(warnings).toEqual([expect.stringContaining('HTTP 503')]);
  });

  it('learns handles from identity events without asking', async () => {
    appView = await fakeAppView({});
    const resolver = createProfileResolver({ appViewUrl: appView.url });
    resolver.learn(did(7), 'seven.bsky.social');
    expect(await resolver.profileOf(did(7))).toEqual({ handle: 'seven.bsky.social' });
    expect(appView.requests).toHaveLength(0);
  });
});

describe('Jetstream with handles', () => {
  let appView: FakeAppView | undefined;
  let jetstream: FakeJetstream | undefined;
  afterEach(async () => {
    await appView?.close();
    await jetstream?.close();
  });

  it('sends a post of a known author as a post view with the handle, the rest as Jetstream frames', async () => {
    const records = demoRecords('bsky', 12, 9);
    const dids = [...new Set(records.map((r) => (r.data as { did: string }).did))];
    const [learnt, resolved, ...unknown] = dids;
    expect(unknown.length).toBeGreaterThan(0);
    appView = await fakeAppView({ [resolved!]: { handle: 'resolved.example.com' } });
    const frames = records.map((r) => {
      const timeUs = (r.data as { time_us: number }).time_us;
      return { timeUs, text: JSON.stringify(r.data) };
    });
    const firstUs = frames[0]!.timeUs;
    frames.unshift({
      timeUs: firstUs - 1,
      text: JSON.stringify({
        did: learnt,
        time_us: firstUs - 1,
        kind: 'identity',
        identity: {
          did: learnt,
          handle: 'learnt.bsky.social',
          seq: 7,
          time: '2026-01-01T00:00:00Z',
        },
      }),
    });
    jetstream = await fakeJetstream(frames);
    const sent: string[] = [];
    const source = startJetstream({
      url: jetstream.url,
      sink: (r) => {
        sent.push(String(r.data));
        return Promise.resolve();
      },
      tracks: fixedTracks([]),
      untracked: 'all',
      profiles: createProfileResolver({ appViewUrl: appView.url }),
    });
    await waitFor(() => source.stats().posts === records.length);
    await source.stop();

    const posts = sent.map((d) => {
      const result = parseAndNormalize(d);
      if (!result.ok) throw new Error(result.reason);
      return result;
    });
    // Same ids in the same order as the frames: only the author's handle was added.
    expect(posts.map((r) => r.post.id)).toEqual(records.map((r) => r.meta.postId));
    for (const r of posts) {
      const handle =
        r.post.author?.id === learnt
          ? 'learnt.bsky.social'
          : r.post.author?.id === resolved
            ? 'resolved.example.com'
            : undefined;
      expect({ handle: r.post.author?.handle, format: r.format }).toEqual({
        handle,
        format: handle ? 'bsky-post' : 'bsky-jetstream',
      });
    }
    expect(source.cursor()).toBe(frames[frames.length - 1]!.timeUs);
  });

  it('holds the cursor back while a post waits for its author', async () => {
    appView = await fakeAppView({}, { delayMs: 400 });
    const [record] = demoRecords('bsky', 1, 3);
    const timeUs = (record!.data as { time_us: number }).time_us;
    jetstream = await fakeJetstream([
      { timeUs, text: JSON.stringify(record!.data) },
      {
        timeUs: timeUs + 10,
        text: JSON.stringify({ did: 'did:plc:x', time_us: timeUs + 10, kind: 'account' }),
      },
    ]);
    const source = startJetstream({
      url: jetstream.url,
      sink: () => Promise.resolve(),
      tracks: fixedTracks([]),
      untracked: 'all',
      profiles: createProfileResolver({ appViewUrl: appView.url, waitMs: 1_000 }),
    });
    await waitFor(() => source.stats().events === 2);
    expect(source.cursor()).toBe(timeUs - 1);
    await waitFor(() => source.stats().posts === 1);
    expect(source.cursor()).toBe(timeUs + 10);
    await source.stop();
  });
});
