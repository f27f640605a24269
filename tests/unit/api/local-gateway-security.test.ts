import fc from 'fast-check';
import { startGateway, type Gateway } from '../../../local/gateway';
import { contentSecurityPolicy, tileSource } from '../../../local/gateway/security';
import { request } from '../local/gateway/http';
import { localAllowedOrigins } from '../../../local/stack';
import { resolveTemplate } from '../../../local/template';
import { root } from './support/fixtures';
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
  let gateway: Gateway;
  let withOrigin: Gateway;
  let tiles: Gateway;
  /** A dashboard served elsewhere, allowed with `--parameter-overrides AllowedOrigin=...`. */
  const EXTRA = 'http://localhost:4200';

  beforeAll(async () => {
    const options = {
      host: '127.0.0.1',
      port: 0,
      routes,
      invoke: () => Promise.resolve({ statusCode: 200, headers: {}, body: '{}' }),
    };
    // As local/stack.ts starts it: the template's CORS origins that mean something locally.
    const start = (template: typeof localTemplate) =>
      startGateway({
        ...options,
        config: { apiBaseUrl: '/api' },
        allowedOrigins: localAllowedOrigins(template),
        cors: {
          allowMethods: template.cors!.allowMethods,
          allowHeaders: template.cors!.allowHeaders,
        },
      });
    gateway = await start(localTemplate);
    withOrigin = await start(
      resolveTemplate({
        root,
        skipDefinitions: true,
        parameterOverrides: { AllowedOrigin: EXTRA },
      }),
    );
    tiles = await startGateway({
      ...options,
      config: { apiBaseUrl: '/api', tileUrl: 'https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png' },
    });
  });

  afterAll(async () => {
    await gateway?.stop();
    await withOrigin?.stop();
    await tiles?.stop();
  });

  it("takes its CORS origins from the template, which allows no localhost nor '*' by default", () => {
    const cors = localTemplate.cors!;
    expect(localAllowedOrigins(localTemplate)).toEqual([]);
    expect(cors.allowOrigins).not.toContain('*');
    expect(cors.allowOrigins.join(' ')).not.toMatch(/localhost|127\.0\.0\.1/);
    expect(cors.allowCredentials).not.toBe(true);
  });

  it.each([
    ['the defaults', () => gateway, () => [] as string[]],
    ['AllowedOrigin set', () => withOrigin, () => [EXTRA]],
  ])(
    "with %s, answers CORS only for its own origin (the dashboard) and the template's, on preflights and on every route",
    async (_name, gw, extra) => {
      const own = `http://localhost:${gw().port}`;
      const allowed = new Set([own, `http://127.0.0.1:${gw().port}`, ...extra()]);
      const origin = fc.oneof(
        fc
          .webUrl({ withQueryParameters: false, withFragments: false })
          .map((u) => new URL(u).origin),
        fc.constantFrom(
          'null',
          '*',
          own,
          EXTRA,
          'http://localhost:3000',
          'http://localhost:1',
          `https://localhost:${gw().port}`,
          `http://localhost:${gw().port}.evil.example`,
        ),
      );
      const route = fc.constantFrom(...routes);
      await fc.assert(
        fc.asyncProperty(origin, route, fc.boolean(), async (o, r, preflight) => {
          const path = `/api${r.path.replace(/\{[^}]+\}/g, 'x')}`;
          const res = await request(gw().url, path, {
            method: preflight ? 'OPTIONS' : r.method,
            headers: preflight
              ? { Origin: o, 'Access-Control-Request-Method': r.method }
              : { Origin: o, 'content-type': 'application/json' },
          });
          const allow = res.headers['access-control-allow-origin'];
          expect(allow).toBe(allowed.has(o) ? o : undefined);
        }),
        { numRuns: 150 },
      );
      const ok = await request(gw().url, '/api/stats', { headers: { Origin: own } });
      expect(ok.headers['access-control-allow-origin']).toBe(own);
      expect(ok.headers.vary).toMatch(/Origin/);
    },
  );

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
