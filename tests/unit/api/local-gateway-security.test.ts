import fc from 'fast-check';
import { startGateway, type Gateway } from '../../../local/gateway';
import { contentSecurityPolicy, tileSource } from '../../../local/gateway/security';
import { request } from '../local/gateway/http';
import { localTemplate, routes } from './support/template-routes';

/**
 * The local gateway (`npm start`): CORS as the template configures it, and the dashboard's CSP,
 * which must allow only the app's own scripts and the configured tile host.
 */

const DIRECTIVES = [
  'default-src',
  'script-src',
  'style-src',
  'img-src',
  'connect-src',
  'font-src',
  'object-src',
  'base-uri',
  'form-action',
  'frame-ancestors',
];

function parse(csp: string): Map<string, string[]> {
  return new Map(
    csp.split(';').map((d) => {
      const [name, ...sources] = d.trim().split(/\s+/);
      return [name!, sources];
    }),
  );
}

describe('tileSource', () => {
  it.each([
    ['https://tile.openstreetmap.org/{z}/{x}/{y}.png', 'https://tile.openstreetmap.org'],
    ['https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png', 'https://*.tile.openstreetmap.org'],
    ['https://tiles.example.org:8443/{z}/{x}/{y}.png', 'https://tiles.example.org:8443'],
    ['HTTPS://Tiles.Example.org/x', 'https://tiles.example.org'],
  ])('%s -> %s', (url, source) => {
    expect(tileSource(url)).toBe(source);
  });

  it.each([
    "https://tiles.example.org;script-src 'unsafe-inline'/{z}.png",
    'https://tiles.example.org https://evil.example/{z}.png',
    'https://user:pw@tiles.example.org/{z}.png',
    'https://tiles.{s}.example.org/{z}.png',
    'https://{s}.org/{z}.png',
    'javascript:alert(1)',
    'data:image/png;base64,AAAA',
    '//tiles.example.org/{z}.png',
    "https://tiles.example.org'/x",
  ])('gives no source for %s', (url) => {
    expect(tileSource(url)).toBeUndefined();
  });
});

describe('contentSecurityPolicy', () => {
  it('allows only its own scripts and, for images, only itself, data: and the tile host, whatever the config', () => {
    const config = fc.record(
      {
        tileUrl: fc.oneof(
          fc.string(),
          fc.webUrl().map((u) => `${u}/{z}/{x}/{y}.png`),
          fc.constantFrom(
            'https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png',
            'https://a.org;script-src *',
          ),
        ),
        apiBaseUrl: fc.oneof(fc.string(), fc.webUrl(), fc.constant('/api')),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(config, (c) => {
        const csp = parse(contentSecurityPolicy(c, 'http://127.0.0.1:3000'));
        expect([...csp.keys()]).toEqual(DIRECTIVES);
        expect(csp.get('script-src')).toEqual(["'self'"]);
        expect(csp.get('default-src')).toEqual(["'self'"]);
        expect(csp.get('object-src')).toEqual(["'none'"]);
        const tile = typeof c.tileUrl === 'string' ? tileSource(c.tileUrl) : undefined;
        expect(csp.get('img-src')).toEqual(["'self'", 'data:', ...(tile ? [tile] : [])]);
        for (const sources of csp.values()) {
          for (const s of sources) expect(s).not.toMatch(/^(\*|https?:|'unsafe-eval')$/);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('the local gateway', () => {
  const ALLOWED = 'http://localhost:3000';
  let gateway: Gateway;
  let tiles: Gateway;

  beforeAll(async () => {
    const options = {
      host: '127.0.0.1',
      port: 0,
      routes,
      invoke: () => Promise.resolve({ statusCode: 200, headers: {}, body: '{}' }),
    };
    // As local/stack.ts starts it: the template's CORS origins that mean something locally.
    const cors = localTemplate.cors!;
    const origin = cors.allowOrigins.find((o) => o === ALLOWED);
    gateway = await startGateway({
      ...options,
      config: { apiBaseUrl: '/api' },
      ...(origin ? { allowedOrigins: [origin] } : {}),
      cors: { allowMethods: cors.allowMethods, allowHeaders: cors.allowHeaders },
    });
    tiles = await startGateway({
      ...options,
      config: { apiBaseUrl: '/api', tileUrl: 'https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png' },
    });
  });

  afterAll(async () => {
    await gateway?.stop();
    await tiles?.stop();
  });

  it("takes its CORS origin from the template, which never allows '*'", () => {
    const cors = localTemplate.cors!;
    expect(cors.allowOrigins).toContain(ALLOWED);
    expect(cors.allowOrigins).not.toContain('*');
    expect(cors.allowCredentials).not.toBe(true);
  });

  it('answers CORS only for the configured origin, on preflights and on every route', async () => {
    const origin = fc.oneof(
      fc.webUrl({ withQueryParameters: false, withFragments: false }).map((u) => new URL(u).origin),
      fc.constantFrom(
        'null',
        '*',
        'http://localhost:3001',
        'https://localhost:3000',
        'http://localhost:3000.evil.example',
        'http://127.0.0.1:3000',
      ),
    );
    const route = fc.constantFrom(...routes);
    await fc.assert(
      fc.asyncProperty(origin, route, fc.boolean(), async (o, r, preflight) => {
        const path = `/api${r.path.replace(/\{[^}]+\}/g, 'x')}`;
        const res = await request(gateway.url, path, {
          method: preflight ? 'OPTIONS' : r.method,
          headers: preflight
            ? { Origin: o, 'Access-Control-Request-Method': r.method }
            : { Origin: o },
        });
        const allow = res.headers['access-control-allow-origin'];
        expect(allow).toBe(o === ALLOWED ? ALLOWED : undefined);
      }),
      { numRuns: 150 },
    );
    const ok = await request(gateway.url, '/api/stats', { headers: { Origin: ALLOWED } });
    expect(ok.headers['access-control-allow-origin']).toBe(ALLOWED);
    expect(ok.headers.vary).toMatch(/Origin/);
  });

  it.each(['/', '/config.json', '/some/client/route'])(
    'serves %s with a CSP that allows only its own scripts and no tile host when none is configured',
    async (path) => {
      const res = await request(gateway.url, path);
      const csp = parse(String(res.headers['content-security-policy']));
      expect(csp.get('script-src')).toEqual(["'self'"]);
      expect(csp.get('img-src')).toEqual(["'self'", 'data:']);
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    },
  );

  it('adds exactly the configured tile host to img-src', async () => {
    const res = await request(tiles.url, '/');
    const csp = parse(String(res.headers['content-security-policy']));
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('img-src')).toEqual(["'self'", 'data:', 'https://*.tile.openstreetmap.org']);
  });
});
