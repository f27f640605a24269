import { startGateway, type Gateway } from '../../../../local/gateway';
import { routeThrottle, TokenBucket } from '../../../../local/gateway/throttle';
import type { RouteDef } from '../../../../local/types';
import { request } from './http';

/**
 * The local gateway throttles each route as the HttpApi's DefaultRouteSettings do in AWS (a token
 * bucket per route, `{"message":"Too Many Requests"}` with 429), so a flood can be tried locally.
 */

describe('TokenBucket', () => {
  it('lets a burst through, then the rate, and refills up to the burst only', () => {
    let t = 0;
    const bucket = new TokenBucket({ rateLimit: 2, burstLimit: 3 }, () => t);
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([
      true,
      true,
      true,
      false,
    ]);
    t = 499;
    expect(bucket.take()).toBe(false);
    t = 500;
    expect(bucket.take()).toBe(true);
    expect(bucket.take()).toBe(false);
    t = 60_000; // a long pause fills it to the burst, not beyond
    expect(Array.from({ length: 5 }, () => bucket.take())).toEqual([
      true,
      true,
      true,
      false,
      false,
    ]);
  });

  it('keeps one bucket per route', () => {
    const mayPass = routeThrottle({ rateLimit: 1, burstLimit: 1 }, () => 0);
    expect(mayPass('GET /hashtags')).toBe(true);
    expect(mayPass('GET /hashtags')).toBe(false);
    expect(mayPass('GET /stats')).toBe(true);
  });
});

describe('the local gateway under a flood', () => {
  const routes: RouteDef[] = [
    { functionLogicalId: 'HashtagsFunction', method: 'GET', path: '/hashtags' },
    { functionLogicalId: 'StatsFunction', method: 'GET', path: '/stats' },
  ];
  const invoked: string[] = [];
  let gateway: Gateway;

  beforeAll(async () => {
    gateway = await startGateway({
      host: '127.0.0.1',
      port: 0,
      routes,
      invoke: async (id) => {
        invoked.push(id);
        return { statusCode: 200, headers: {}, body: '{}' };
      },
      config: {},
      // A slow rate, so the test's own pace cannot refill the bucket.
      throttle: { rateLimit: 0.01, burstLimit: 5 },
    });
  });
  afterAll(() => gateway.stop());

  it('answers 429 Too Many Requests past the burst, without invoking the function', async () => {
    const answers = await Promise.all(
      Array.from({ length: 12 }, () => request(gateway.url, '/api/hashtags')),
    );
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([...Array(5).fill(200), ...Array(7).fill(429)]);
    const refused = answers.find((a) => a.status === 429)!;
    expect(JSON.parse(refused.text)).toEqual({ message: 'Too Many Requests' });
    expect(refused.headers['content-type']).toBe('application/json');
    expect(refused.headers['cache-control']).toBe('no-store');
    expect(refused.headers['apigw-requestid']).toEqual(expect.any(String));
    expect(invoked.filter((id) => id === 'HashtagsFunction')).toHaveLength(5);
  });

  it('leaves other routes their own bucket, and paths outside the routes their 404', async () => {
    expect((await request(gateway.url, '/api/stats')).status).toBe(200);
    expect((await request(gateway.url, '/api/nope')).status).toBe(404);
  });
});
