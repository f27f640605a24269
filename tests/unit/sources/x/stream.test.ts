import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createXApi } from '../../../../functions/social/x/api';
import { createXBackoff, type FailureKind } from '../../../../sources/x/backoff';
import { startXStream, XStreamFatalError } from '../../../../sources/x/stream';
import { parseTerms } from '../../../../functions/social/tracking/terms';
import { fixedTracks } from '../../../../functions/social/tracking/watch';
import { sourceUnderTest } from '../produce/support/source-under-test';
import { demoRecords } from '../produce/support/demo-records';
import { waitFor } from '../produce/support/fake-kinesis';

/**
 * A fake X API on 127.0.0.1: stream rules plus a filtered stream whose connections misbehave in
 * turn (keep-alives, malformed lines, a disconnect mid-post, 429, 503, a repeated post, a stall).
 */

const posts = demoRecords('x-v2', 5, 11).map((r) => JSON.stringify(r.data));
const postIds = demoRecords('x-v2', 5, 11).map((r) => r.meta.postId);
const [A, B, C, D, E] = posts as [string, string, string, string, string];
const POLICY = {
  networkStepMs: 5,
  networkMaxMs: 50,
  httpInitialMs: 7,
  httpMaxMs: 100,
  rateLimitInitialMs: 11,
  rateLimitMaxMs: 100,
};

type Script = (res: ServerResponse, req: IncomingMessage) => void;

interface FakeX {
  url: string;
  rules: { id: string; value: string; tag?: string }[];
  streamRequests: IncomingMessage[];
  close(): Promise<void>;
}

async function fakeX(scripts: Script[]): Promise<FakeX> {
  const state = {
    rules: [
      { id: '1', value: '#old', tag: 'track:#old' },
      { id: '2', value: 'cats', tag: 'someone-else' },
    ],
    streamRequests: [] as IncomingMessage[],
  };
  let nextId = 10;
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/2/tweets/search/stream/rules') {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        res.setHeader('content-type', 'application/json');
        if (req.method === 'GET') return res.end(JSON.stringify({ data: state.rules }));
        const change = JSON.parse(body) as {
          add?: { value: string; tag: string }[];
          delete?: { ids: string[] };
        };
        if (change.delete)
          state.rules = state.rules.filter((r) => !change.delete!.ids.includes(r.id));
        const added = (change.add ?? []).map((r) => ({ ...r, id: String(nextId++) }));
        state.rules.push(...added);
        res.end(JSON.stringify({ data: added }));
      });
      return;
    }
    if (url.pathname === '/2/tweets/search/stream') {
      state.streamRequests.push(req);
      const script = scripts[state.streamRequests.length - 1];
      if (!script) return void res.writeHead(200).flushHeaders(); // idle but open
      return script(res, req);
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get rules() {
      return state.rules;
    },
    streamRequests: state.streamRequests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const open = (res: ServerResponse): void => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.flushHeaders();
};

describe('X filtered stream against a fake server on 127.0.0.1', () => {
  const t = sourceUnderTest<
    Parameters<typeof startXStream>[0],
    ReturnType<typeof startXStream>,
    FakeX
  >(startXStream);

  it('survives keep-alives, malformed lines, a cut, 429, 503, a repeat and a stall: every post once', async () => {
    t.server = await fakeX([
      (res) => {
        open(res);
        res.write('\r\n');
        res.write(`${A}\r\n\r\n`);
        res.write(`${B.slice(0, 40)}`); // a post split across chunks
        setTimeout(() => {
          res.write(`${B.slice(40)}\r\n{"data": {"id": "12", broken\r\n`);
          res.write(`${C.slice(0, C.length >> 1)}`);
          setTimeout(() => res.socket?.destroy(), 20); // disconnect mid-post
        }, 20);
      },
      (res) =>
        res
          .writeHead(429, { 'content-type': 'application/json' })
          .end('{"title":"Too Many Requests"}'),
      (res) => res.writeHead(503).end('Service Unavailable'),
      (res) => {
        open(res);
        res.write(`${B}\r\n${C}\r\n`); // B again: the stream repeats itself after a reconnect
        res.write(`${D}\r\n`);
        res.write(
          '{"errors":[{"title":"operational-disconnect","disconnect_type":"UpstreamOperationalDisconnect"}]}\r\n',
        );
        // then silence: no keep-alive, so the client must detect the stall
      },
      (res) => {
        open(res);
        res.write(`\r\n${E}\r\n`);
      },
    ]);
    const reconnects: [FailureKind, number][] = [];
    const stream = t.start({
      api: createXApi({ token: 'test-token', baseUrl: t.server.url }),
      sink: (r) => t.kinesis.writer.put(r),
      tracks: fixedTracks(parseTerms(['#AWS', '$aapl', 'machine learning'])),
      stallMs: 300,
      backoff: createXBackoff(POLICY),
      onReconnect: (kind, wait) => reconnects.push([kind, wait]),
    });

    await waitFor(() => stream.stats().posts === 5);
    await stream.stop();
    await t.kinesis.writer.flush();

    expect(t.kinesis.postIds().sort()).toEqual([...postIds].sort());
    expect(t.kinesis.rejected).toBeGreaterThan(0);
    expect(stream.stats()).toMatchObject({
      posts: 5,
      duplicates: 1,
      malformed: 1,
      errorMessages: 1,
      connections: 3,
    });
    expect(stream.stats().keepAlives).toBeGreaterThanOrEqual(2);
    // X's policy: linear for network errors, exponential for HTTP errors, its own for 429;
    // a connection that delivered data resets the count.
    expect(reconnects).toEqual([
      ['network', 5],
      ['rate-limit', 11],
      ['http', 7],
      ['network', 5],
    ]);
    // The records are the exact lines X sent, with partition keys spread by post id.
    expect(t.kinesis.accepted.map((r) => r.data).sort()).toEqual([...posts].sort());
    expect(new Set(t.kinesis.accepted.map((r) => r.partitionKey)).size).toBe(5);
  });

  it('syncs the rules to the tracked terms, leaving rules it did not create alone', async () => {
    t.server = await fakeX([]);
    const stream = t.start({
      api: createXApi({ token: 'test-token', baseUrl: t.server.url }),
      sink: (r) => t.kinesis.writer.put(r),
      tracks: fixedTracks(parseTerms(['#AWS', '$aapl', 'machine learning'])),
      backoff: createXBackoff(POLICY),
    });
    await waitFor(() => t.server!.streamRequests.length === 1);
    await stream.stop();
    expect(t.server.rules.map((r) => [r.value, r.tag]).sort()).toEqual(
      [
        ['cats', 'someone-else'],
        ['#aws', 'track:#aws'],
        ['$AAPL', 'track:$AAPL'],
        ['"machine learning"', 'track:machine learning'],
      ].sort(),
    );
    const req = t.server.streamRequests[0]!;
    expect(req.headers.authorization).toBe('Bearer test-token');
    const query = new URL(req.url ?? '', 'http://x').searchParams;
    expect(query.get('expansions')).toContain('author_id');
    expect(query.get('expansions')).toContain('geo.place_id');
    expect(query.get('place.fields')).toContain('geo');
    expect(query.get('user.fields')).toContain('username');
  });

  it('resyncs the rules when the tracked terms change', async () => {
    t.server = await fakeX([]);
    let listener: ((t: ReturnType<typeof parseTerms>) => void) | undefined;
    let terms = parseTerms(['#AWS']);
    const stream = t.start({
      api: createXApi({ token: 'test-token', baseUrl: t.server.url }),
      sink: (r) => t.kinesis.writer.put(r),
      tracks: {
        current: () => terms,
        onChange: (l) => {
          listener = l;
          return () => undefined;
        },
        ready: Promise.resolve(),
        loaded: () => true,
        stop: () => undefined,
      },
      backoff: createXBackoff(POLICY),
    });
    await waitFor(() => t.server!.streamRequests.length === 1);
    terms = parseTerms(['#serverless']);
    listener!(terms);
    await waitFor(() => t.server!.rules.some((r) => r.value === '#serverless'));
    await stream.stop();
    expect(t.server.rules.filter((r) => r.tag?.startsWith('track:')).map((r) => r.value)).toEqual([
      '#serverless',
    ]);
  });

  it('leaves the rules alone while the tracked terms could not be read', async () => {
    t.server = await fakeX([]);
    const before = t.server.rules.map((r) => r.id);
    const stream = t.start({
      api: createXApi({ token: 'test-token', baseUrl: t.server.url }),
      sink: (r) => t.kinesis.writer.put(r),
      tracks: { ...fixedTracks([]), loaded: () => false },
      backoff: createXBackoff(POLICY),
    });
    await waitFor(() => t.server!.streamRequests.length === 1);
    await stream.stop();
    expect(t.server.rules.map((r) => r.id)).toEqual(before);
  });

  it('gives up with a clear error when X refuses the token', async () => {
    t.server = await fakeX([(res) => res.writeHead(401).end('{"title":"Unauthorized"}')]);
    const stream = t.start({
      api: createXApi({ token: 'bad', baseUrl: t.server.url }),
      sink: (r) => t.kinesis.writer.put(r),
      tracks: fixedTracks([]),
      backoff: createXBackoff(POLICY),
    });
    await expect(stream.done).rejects.toThrow(XStreamFatalError);
    await expect(stream.done).rejects.toThrow(/401/);
  });
});
