import { connect } from 'node:net';
import fc from 'fast-check';
import { startGateway, type Gateway } from '../../../../local/gateway';
import { isLoopbackHost } from '../../../../local/gateway/cross-site';
import { routes } from '../../api/support/template-routes';
import { request, type RawResponse } from './http';

/**
 * The local stack refuses what another web site could make the user's browser send it: requests
 * for a foreign Host (DNS rebinding) and writes from a foreign page or with a non-JSON body
 * (cross-site requests that need no CORS preflight). Each class is covered with several members,
 * not only the one a report named; the routes are template.yaml's.
 */

/** The template's AllowedOrigin that the local stack trusts besides its own origin (a dev server). */
const TEMPLATE_ORIGIN = 'http://localhost:4200';
const invoked: string[] = [];
let gateway: Gateway;
let port: number;

beforeAll(async () => {
  gateway = await startGateway({
    host: '127.0.0.1',
    port: 0,
    routes,
    invoke: async (id) => {
      invoked.push(id);
      return { statusCode: 201, headers: {}, body: '{}' };
    },
    config: { apiBaseUrl: '/api' },
    allowedOrigins: [TEMPLATE_ORIGIN],
  });
  port = gateway.port;
});
afterAll(() => gateway.stop());
beforeEach(() => void (invoked.length = 0));

const JSON_TYPE = { 'content-type': 'application/json' };
const body = JSON.stringify({ term: '#aws' });

function post(headers: Record<string, string>, payload: string | undefined = body) {
  return request(gateway.url, '/api/tracks', {
    method: 'POST',
    headers: {
      ...headers,
      ...(payload === undefined ? {} : { 'content-length': String(Buffer.byteLength(payload)) }),
    },
    ...(payload === undefined ? {} : { body: payload }),
  });
}

function expectRefused(res: RawResponse, status: number, message: RegExp): void {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toBe('application/json');
  expect(JSON.parse(res.text)).toEqual({ message: expect.stringMatching(message) });
  // A foreign page is not even allowed to read why.
  if (status === 403) expect(res.headers['access-control-allow-origin']).toBeUndefined();
  expect(invoked).toEqual([]);
}

describe('DNS rebinding: requests that do not name this machine', () => {
  const foreignHosts = () => [
    `evil.example:${port}`,
    `localhost.evil.example:${port}`,
    `127.0.0.1.nip.io:${port}`,
    `attacker.localhost.evil:${port}`,
    `0.0.0.0:${port}`,
    `127.0.0.2:${port}`,
    `[::ffff:127.0.0.1]:${port}`,
    `localhost:${port === 1 ? 2 : 1}`,
    'localhost',
    `localhost:${port}@evil.example`,
  ];

  it.each([
    ['GET', '/api/hashtags'],
    ['GET', '/api/tracks'],
    ['POST', '/api/tracks'],
    ['DELETE', '/api/tracks/%23aws'],
    ['GET', '/'],
    ['GET', '/config.json'],
  ])('%s %s is refused with 421 for every foreign Host', async (method, path) => {
    for (const host of foreignHosts()) {
      const res = await request(gateway.url, path, {
        method,
        headers: { host, ...JSON_TYPE, 'content-length': '2' },
        body: '{}',
      });
      expect([host, res.status]).toEqual([host, 421]);
      expect(JSON.parse(res.text).message).toMatch(/^Misdirected Request/);
    }
    expect(invoked).toEqual([]);
  });

  it('refuses a request without Host (HTTP/1.0)', async () => {
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () =>
        socket.end('GET /api/hashtags HTTP/1.0\r\n\r\n'),
      );
      const chunks: Buffer[] = [];
      socket.on('data', (c: Buffer) => chunks.push(c));
      socket.on('end', () => resolve(Buffer.concat(chunks).toString()));
      socket.on('error', reject);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 421 /);
    expect(invoked).toEqual([]);
  });

  it('answers every loopback name with the gateway port, in any case', async () => {
    for (const host of [
      `localhost:${port}`,
      `LOCALHOST:${port}`,
      `127.0.0.1:${port}`,
      `[::1]:${port}`,
    ]) {
      const res = await request(gateway.url, '/api/hashtags', { headers: { host } });
      expect([host, res.status]).toEqual([host, 201]);
    }
  });

  it('recognises loopback names only (generated hosts)', () => {
    fc.assert(
      fc.property(fc.domain(), fc.integer({ min: 1, max: 65535 }), (domain, p) => {
        expect(isLoopbackHost(`${domain}:${p}`, p)).toBe(domain === 'localhost');
      }),
    );
    expect(isLoopbackHost(undefined, 3000)).toBe(false);
    expect(isLoopbackHost('localhost', 80)).toBe(true);
  });
});

describe('cross-site writes', () => {
  it.each([
    'https://evil.example',
    'http://evil.example:3000',
    'null',
    'http://localhost:1',
    'https://localhost',
    'http://localhost.evil.example',
    'http://127.0.0.1.nip.io',
    'http://localhost:4200.evil.example',
    'file://',
  ])('refuses a JSON POST /tracks from the page at %s with 403', async (origin) => {
    expectRefused(await post({ origin, ...JSON_TYPE }), 403, /^Forbidden/);
  });

  it('refuses DELETE /tracks/{term} from a foreign page', async () => {
    const res = await request(gateway.url, '/api/tracks/%23aws', {
      method: 'DELETE',
      headers: { origin: 'https://evil.example' },
    });
    expectRefused(res, 403, /^Forbidden/);
  });

  it.each([
    ['text/plain', body],
    ['text/plain;charset=UTF-8', body],
    ['application/x-www-form-urlencoded', 'term=%23aws'],
    ['multipart/form-data; boundary=x', '--x\r\n\r\nterm\r\n--x--'],
    ['application/json-seq', body],
    ['text/json', body],
    ['application/jsonp', body],
    [undefined, body],
  ])(
    'refuses a POST body sent as %s with 415, even from the dashboard itself',
    async (type, payload) => {
      const headers: Record<string, string> = { origin: `http://127.0.0.1:${port}` };
      if (type) headers['content-type'] = type;
      expectRefused(await post(headers, payload), 415, /^Unsupported Media Type/);
    },
  );

  it('refuses a DELETE that carries a non-JSON body', async () => {
    const res = await request(gateway.url, '/api/tracks/%23aws', {
      method: 'DELETE',
      headers: { 'content-type': 'text/plain', 'content-length': '1' },
      body: 'x',
    });
    expectRefused(res, 415, /^Unsupported Media Type/);
  });

  it.each([
    ['the dashboard at 127.0.0.1', () => `http://127.0.0.1:${port}`],
    ['the dashboard at localhost', () => `http://localhost:${port}`],
    ['the dashboard at [::1]', () => `http://[::1]:${port}`],
    ["the template's allowed origin", () => TEMPLATE_ORIGIN],
  ])('accepts a JSON POST from %s', async (_name, origin) => {
    const res = await post({ origin: origin(), 'content-type': 'application/json; charset=utf-8' });
    expect(res.status).toBe(201);
    expect(invoked).toEqual(['TrackChangesFunction']);
  });

  it('accepts a curl-like JSON POST without Origin, and a DELETE without a body', async () => {
    // A CLI is not a browser: no page sent it, and its sender can reach 127.0.0.1 anyway.
    expect((await post({ 'content-type': 'APPLICATION/JSON' })).status).toBe(201);
    const res = await request(gateway.url, '/api/tracks/%23aws', { method: 'DELETE' });
    expect(res.status).toBe(201);
    expect(invoked).toEqual(['TrackChangesFunction', 'TrackChangesFunction']);
  });

  it('leaves reads open to any page (CORS keeps foreign pages from reading the answer)', async () => {
    const res = await request(gateway.url, '/api/tracks', {
      headers: { origin: 'https://evil.example' },
    });
    expect(res.status).toBe(201);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('refuses every generated foreign origin, whatever the body', async () => {
    const trusted = new Set([
      `http://127.0.0.1:${port}`,
      `http://localhost:${port}`,
      `http://[::1]:${port}`,
      TEMPLATE_ORIGIN,
    ]);
    await fc.assert(
      fc.asyncProperty(
        fc
          .webUrl({ withQueryParameters: false, withFragments: false })
          .map((u) => new URL(u).origin)
          .filter((o) => !trusted.has(o)),
        fc.constantFrom('application/json', 'text/plain'),
        async (origin, type) => {
          invoked.length = 0;
          const res = await post({ origin, 'content-type': type });
          expect(res.status).toBe(403);
          expect(invoked).toEqual([]);
        },
      ),
      { numRuns: 40 },
    );
  });
});
