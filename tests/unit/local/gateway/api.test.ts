import type { IncomingMessage } from 'node:http';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { startGateway, type Gateway } from '../../../../local/gateway';
import { buildEvent } from '../../../../local/gateway/event';
import { compileRoutes } from '../../../../local/gateway/routes';
import type { RouteDef } from '../../../../local/types';
import { request } from './http';

const routes: RouteDef[] = [
  { functionLogicalId: 'HashtagsFunction', method: 'GET', path: '/hashtags' },
  { functionLogicalId: 'TimelineFunction', method: 'GET', path: '/hashtags/{tag}/timeline' },
  { functionLogicalId: 'LiteralFunction', method: 'GET', path: '/hashtags/_all/timeline' },
  { functionLogicalId: 'ProxyFunction', method: 'ANY', path: '/files/{proxy+}' },
  { functionLogicalId: 'PostFunction', method: 'POST', path: '/posts' },
];

const events: { id: string; event: APIGatewayProxyEventV2 }[] = [];
let respond: (id: string, event: APIGatewayProxyEventV2) => unknown = () => ({ ok: true });
let gateway: Gateway;

beforeAll(async () => {
  gateway = await startGateway({
    host: '127.0.0.1',
    port: 0,
    routes,
    invoke: async (id, event) => {
      events.push({ id, event: event as APIGatewayProxyEventV2 });
      return respond(id, event as APIGatewayProxyEventV2);
    },
    config: {},
    allowedOrigins: ['http://localhost:3000'],
  });
});
afterAll(() => gateway.stop());
beforeEach(() => {
  events.length = 0;
  respond = () => ({ ok: true });
});

const lastEvent = () => events[events.length - 1]!.event;

describe('HTTP API payload format 2.0 event', () => {
  it('carries path parameters, repeated query keys, headers and cookies as HTTP API does', async () => {
    const before = Date.now();
    const res = await request(
      gateway.url,
      '/api/hashtags/caf%C3%A9%20bar/timeline?granularity=hour&x=1&x=2&flag',
      {
        headers: {
          'X-Custom': ['a', 'b'],
          Cookie: 'session=abc; theme=dark',
          'User-Agent': 'jest-agent',
        },
      },
    );
    expect(res.status).toBe(200);
    expect(events.map((e) => e.id)).toEqual(['TimelineFunction']);
    const e = lastEvent();
    expect(e).toMatchObject({
      version: '2.0',
      routeKey: 'GET /hashtags/{tag}/timeline',
      rawPath: '/hashtags/caf%C3%A9%20bar/timeline',
      rawQueryString: 'granularity=hour&x=1&x=2&flag',
      cookies: ['session=abc', 'theme=dark'],
      queryStringParameters: { granularity: 'hour', x: '1,2', flag: '' },
      pathParameters: { tag: 'café bar' },
      isBase64Encoded: false,
      requestContext: {
        accountId: '000000000000',
        apiId: expect.any(String),
        domainName: '127.0.0.1',
        domainPrefix: '127',
        http: {
          method: 'GET',
          path: '/hashtags/caf%C3%A9%20bar/timeline',
          protocol: 'HTTP/1.1',
          sourceIp: '127.0.0.1',
          userAgent: 'jest-agent',
        },
        routeKey: 'GET /hashtags/{tag}/timeline',
        stage: '$default',
      },
    });
    expect(e.headers['x-custom']).toBe('a,b');
    expect(e.headers['user-agent']).toBe('jest-agent');
    expect(e.headers.cookie).toBeUndefined();
    expect(e.headers['x-forwarded-for']).toBe('127.0.0.1');
    expect(e.body).toBeUndefined();
    expect(e.requestContext.time).toMatch(/^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/);
    expect(e.requestContext.timeEpoch).toBeGreaterThanOrEqual(before);
    expect(e.requestContext.timeEpoch).toBeLessThanOrEqual(Date.now());
    expect(res.headers['apigw-requestid']).toBe(e.requestContext.requestId);
  });

  it('omits absent parts and prefers a literal route over a parameter', async () => {
    await request(gateway.url, '/api/hashtags/_all/timeline');
    expect(events[0]!.id).toBe('LiteralFunction');
    const e = lastEvent();
    expect(e.rawQueryString).toBe('');
    expect(e.queryStringParameters).toBeUndefined();
    expect(e.pathParameters).toBeUndefined();
    expect(e.cookies).toBeUndefined();
  });

  it('matches a greedy {proxy+} with any method', async () => {
    await request(gateway.url, '/api/files/a/b%2Fc.txt', { method: 'DELETE' });
    expect(lastEvent()).toMatchObject({
      routeKey: 'ANY /files/{proxy+}',
      pathParameters: { proxy: 'a/b/c.txt' },
      requestContext: { http: { method: 'DELETE' } },
    });
  });

  it('passes text bodies as text and binary bodies base64-encoded', async () => {
    await request(gateway.url, '/api/posts', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"a":1}',
    });
    expect(lastEvent()).toMatchObject({ body: '{"a":1}', isBase64Encoded: false });

    // The local gateway takes only JSON bodies on writes (cross-site.ts), so the mapping of a
    // binary body is checked on the event builder itself.
    const bytes = Buffer.from([0, 1, 2, 255]);
    const req = {
      method: 'POST',
      httpVersion: '1.1',
      rawHeaders: ['Host', '127.0.0.1:3000', 'Content-Type', 'application/octet-stream'],
      socket: { remoteAddress: '127.0.0.1', localPort: 3000 },
    } as unknown as IncomingMessage;
    const route = compileRoutes(routes).find((r) => r.routeKey === 'POST /posts')!;
    const event = buildEvent({
      req,
      rawPath: '/posts',
      rawQueryString: '',
      match: { route },
      body: bytes,
      requestId: 'r',
      now: new Date(),
    });
    expect(event).toMatchObject({ body: bytes.toString('base64'), isBase64Encoded: true });
  });
});

describe('response mapping', () => {
  it('uses a structured response as is, with cookies and base64 bodies', async () => {
    respond = () => ({
      statusCode: 201,
      headers: { 'X-Thing': 7, 'Content-Type': 'text/plain' },
      cookies: ['a=1; Path=/', 'b=2'],
      body: Buffer.from('hello').toString('base64'),
      isBase64Encoded: true,
    });
    const res = await request(gateway.url, '/api/hashtags');
    expect(res.status).toBe(201);
    expect(res.text).toBe('hello');
    expect(res.headers['x-thing']).toBe('7');
    expect(res.headers['content-type']).toBe('text/plain');
    expect(res.headers['set-cookie']).toEqual(['a=1; Path=/', 'b=2']);
  });

  it('turns any other value into a 200 JSON response', async () => {
    respond = () => ({ items: [1, 2] });
    const res = await request(gateway.url, '/api/hashtags');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json');
    expect(JSON.parse(res.text)).toEqual({ items: [1, 2] });

    respond = () => 'plain words';
    expect((await request(gateway.url, '/api/hashtags')).text).toBe('plain words');
  });

  it('answers 500 Internal Server Error for a function error or a malformed response', async () => {
    respond = () => {
      throw new Error('boom');
    };
    const res = await request(gateway.url, '/api/hashtags');
    expect(res.status).toBe(500);
    expect(JSON.parse(res.text)).toEqual({ message: 'Internal Server Error' });

    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    respond = () => ({ statusCode: 200, body: { not: 'a string' } });
    expect((await request(gateway.url, '/api/hashtags')).status).toBe(500);
    warn.mockRestore();
  });

  it('answers 404 Not Found when no route matches the path or the method', async () => {
    for (const [method, path] of [
      ['GET', '/api/nope'],
      ['POST', '/api/hashtags'],
      ['GET', '/api/hashtags/'],
      ['GET', '/api'],
    ] as const) {
      const res = await request(gateway.url, path, { method });
      expect([path, res.status]).toEqual([path, 404]);
      expect(JSON.parse(res.text)).toEqual({ message: 'Not Found' });
    }
    expect(events).toHaveLength(0);
  });
});

describe('CORS', () => {
  it('answers a preflight itself with the configured policy', async () => {
    const res = await request(gateway.url, '/api/hashtags', {
      method: 'OPTIONS',
      headers: {
        Origin: 'http://localhost:3000',
        'Access-Control-Request-Method': 'GET',
        'Access-Control-Request-Headers': 'content-type',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers).toMatchObject({
      'access-control-allow-origin': 'http://localhost:3000',
      'access-control-allow-methods': 'GET,POST,DELETE,OPTIONS',
      'access-control-allow-headers': 'authorization,content-type',
      'access-control-max-age': '600',
    });
    expect(events).toHaveLength(0);
  });

  it('gives other origins no CORS headers', async () => {
    const pre = await request(gateway.url, '/api/hashtags', {
      method: 'OPTIONS',
      headers: { Origin: 'http://evil.example', 'Access-Control-Request-Method': 'GET' },
    });
    expect(pre.headers['access-control-allow-origin']).toBeUndefined();
    const res = await request(gateway.url, '/api/hashtags', {
      headers: { Origin: 'http://evil.example' },
    });
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('adds the allowed origin to responses, replacing the function own CORS headers', async () => {
    respond = () => ({
      statusCode: 200,
      headers: { 'Access-Control-Allow-Origin': '*' },
      body: '{}',
    });
    const res = await request(gateway.url, '/api/hashtags', {
      headers: { Origin: 'http://localhost:3000' },
    });
    expect(res.headers['access-control-allow-origin']).toBe('http://localhost:3000');
  });
});

describe('integration timeout', () => {
  it('answers 503 when the function does not answer within the integration timeout', async () => {
    const slow = await startGateway({
      host: '127.0.0.1',
      port: 0,
      routes,
      invoke: () => new Promise(() => undefined),
      config: {},
      integrationTimeoutMs: 50,
    });
    try {
      const res = await request(slow.url, '/api/hashtags');
      expect(res.status).toBe(503);
      expect(JSON.parse(res.text)).toEqual({ message: 'Service Unavailable' });
    } finally {
      await slow.stop();
    }
  });
});
