import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fetchTracks, pollTracks } from '../../../../functions/social/tracking/watch';
import type { TrackedTerm } from '../../../../functions/social/tracking/terms';
import { waitFor } from '../../sources/produce/support/fake-kinesis';

/** A fake GET /tracks on 127.0.0.1 whose answer the test changes. */
async function fakeApi(): Promise<{
  url: string;
  set(items: unknown, status?: number): void;
  close(): Promise<void>;
}> {
  let body: unknown = { items: [] };
  let status = 200;
  const server: Server = createServer((_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/tracks`,
    set(items, s = 200) {
      body = items;
      status = s;
    },
    close: () => new Promise((r) => server.close(() => r())),
  };
}

describe('fetchTracks', () => {
  it('re-validates every term from the API and drops invalid ones', async () => {
    const api = await fakeApi();
    api.set({
      items: [{ term: '#AWS', key: '#aws' }, { term: '#bad term' }, { nope: 1 }, { term: '$aapl' }],
    });
    try {
      expect((await fetchTracks(api.url)).map((t) => t.key)).toEqual(['#aws', '$AAPL']);
      api.set({ message: 'Internal error' }, 500);
      await expect(fetchTracks(api.url)).rejects.toThrow(/500/);
      api.set({ nothing: true });
      await expect(fetchTracks(api.url)).rejects.toThrow(/no items/);
    } finally {
      await api.close();
    }
  });
});

describe('pollTracks', () => {
  it('is not loaded while the API cannot be read', async () => {
    const api = await fakeApi();
    api.set({}, 500);
    const feed = pollTracks({ url: api.url, intervalMs: 60_000 });
    try {
      await feed.ready;
      expect(feed.loaded()).toBe(false);
      expect(feed.current()).toEqual([]);
    } finally {
      feed.stop();
      await api.close();
    }
  });

  it('reports changes, keeps the last terms while the API is down, and reports that once', async () => {
    const api = await fakeApi();
    const changes: string[][] = [];
    const errors: string[] = [];
    api.set({ items: [{ term: '#a' }] });
    const feed = pollTracks({
      url: api.url,
      intervalMs: 10,
      onError: (e) => errors.push(e.message),
    });
    feed.onChange((terms: readonly TrackedTerm[]) => changes.push(terms.map((t) => t.key)));
    try {
      await feed.ready;
      expect(feed.loaded()).toBe(true);
      expect(feed.current().map((t) => t.key)).toEqual(['#a']);
      api.set({ items: [{ term: '#a' }, { term: 'b' }] });
      await waitFor(() => changes.length === 2); // the first load counts as a change
      api.set({}, 503);
      await waitFor(() => errors.length === 1);
      await new Promise((r) => setTimeout(r, 50)); // several failed polls
      expect(errors).toHaveLength(1);
      expect(feed.current().map((t) => t.key)).toEqual(['#a', 'b']);
      api.set({ items: [] });
      await waitFor(() => changes.length === 3);
      expect(changes).toEqual([['#a'], ['#a', 'b'], []]);
    } finally {
      feed.stop();
      await api.close();
    }
  });
});
