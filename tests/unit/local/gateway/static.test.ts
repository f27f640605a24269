import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { startGateway, type Gateway } from '../../../../local/gateway';
import { safeRelativePath } from '../../../../local/gateway/static-site';
import { request } from './http';

const SECRET = 'TOP-SECRET-OUTSIDE-THE-BUILD';
const INDEX = '<!doctype html><html><body><app-root></app-root></body></html>';
const MAIN = `console.log(${JSON.stringify('dashboard '.repeat(500))});`;

let base: string;
let site: string;
let gateway: Gateway;

beforeAll(async () => {
  base = mkdtempSync(join(tmpdir(), 'gateway-static-'));
  site = join(base, 'browser');
  mkdirSync(join(site, 'media'), { recursive: true });
  writeFileSync(join(base, 'secret.txt'), SECRET);
  writeFileSync(join(site, 'index.html'), INDEX);
  writeFileSync(join(site, 'main-AB12CD34.js'), MAIN);
  writeFileSync(join(site, 'styles-ZX98YW76.css'), 'body{margin:0}');
  writeFileSync(join(site, 'favicon.ico'), Buffer.from([0, 0, 1, 0]));
  writeFileSync(join(site, 'media', 'marker-QWER1234.png'), Buffer.from([137, 80, 78, 71]));
  writeFileSync(join(site, '.env'), SECRET);
  symlinkSync(join(base, 'secret.txt'), join(site, 'linked.txt'));
  gateway = await startGateway({
    host: '127.0.0.1',
    port: 0,
    routes: [],
    invoke: () => Promise.resolve(null),
    staticDir: site,
    config: {
      apiBaseUrl: 'http://127.0.0.1:4000/api',
      tileUrl: 'https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png',
    },
  });
});

afterAll(async () => {
  await gateway.stop();
  rmSync(base, { recursive: true, force: true });
});

describe('dashboard files', () => {
  it('serves index.html at / with no-cache and security headers', async () => {
    const res = await request(gateway.url, '/');
    expect(res.status).toBe(200);
    expect(res.text).toBe(INDEX);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("style-src 'self' 'unsafe-inline';");
    expect(csp).toContain("img-src 'self' data: https://*.tile.openstreetmap.org;");
    expect(csp).toContain("connect-src 'self' http://127.0.0.1:4000;");
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
  });

  it('serves hashed assets with their content type and a long cache', async () => {
    const js = await request(gateway.url, '/main-AB12CD34.js');
    expect(js.status).toBe(200);
    expect(js.text).toBe(MAIN);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.headers['cache-control']).toBe('public, max-age=31536000, immutable');

    const css = await request(gateway.url, '/styles-ZX98YW76.css');
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    const png = await request(gateway.url, '/media/marker-QWER1234.png');
    expect(png.headers['content-type']).toBe('image/png');
    expect(png.headers['cache-control']).toContain('immutable');
    const ico = await request(gateway.url, '/favicon.ico');
    expect(ico.headers['content-type']).toBe('image/x-icon');
    expect(ico.headers['cache-control']).toBe('no-cache');
  });

  it('falls back to index.html for client-side routes, not for missing files', async () => {
    const route = await request(gateway.url, '/hashtags/aws?window=24h');
    expect(route.status).toBe(200);
    expect(route.text).toBe(INDEX);
    expect(route.headers['cache-control']).toBe('no-cache');

    const missing = await request(gateway.url, '/missing-AAAAAAAA.js');
    expect(missing.status).toBe(404);
  });

  it('revalidates with ETag and answers HEAD without a body', async () => {
    const first = await request(gateway.url, '/');
    const again = await request(gateway.url, '/', {
      headers: { 'If-None-Match': String(first.headers.etag) },
    });
    expect(again.status).toBe(304);
    expect(again.body).toHaveLength(0);

    const head = await request(gateway.url, '/main-AB12CD34.js', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers['content-length']).toBe(String(Buffer.byteLength(MAIN)));
    expect(head.body).toHaveLength(0);
  });

  it.each([
    '/../secret.txt',
    '/%2e%2e/secret.txt',
    '/%2E%2E%2Fsecret.txt',
    '/..%5csecret.txt',
    '/media/../../secret.txt',
    '/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
    '/.env',
    '/linked.txt',
    '/%00index.html',
  ])('never serves anything outside the build: %s', async (path) => {
    const res = await request(gateway.url, path);
    expect(res.status).toBe(404);
    expect(res.text).not.toContain(SECRET);
    expect(res.text).not.toContain('root:');
  });

  it('rejects other methods', async () => {
    const res = await request(gateway.url, '/', { method: 'POST' });
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe('GET, HEAD');
  });
});

describe('compression', () => {
  it('sends brotli when accepted, decoding to the file', async () => {
    const res = await request(gateway.url, '/main-AB12CD34.js', {
      headers: { 'Accept-Encoding': 'gzip, deflate, br' },
    });
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers.vary).toContain('Accept-Encoding');
    expect(res.body.length).toBeLessThan(Buffer.byteLength(MAIN));
    expect(brotliDecompressSync(res.body).toString()).toBe(MAIN);
  });

  it('sends gzip when brotli is refused, and identity when nothing is accepted', async () => {
    const gz = await request(gateway.url, '/main-AB12CD34.js', {
      headers: { 'Accept-Encoding': 'br;q=0, gzip' },
    });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).toString()).toBe(MAIN);

    const plain = await request(gateway.url, '/main-AB12CD34.js');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.text).toBe(MAIN);
  });

  it('leaves images and tiny files alone', async () => {
    const png = await request(gateway.url, '/media/marker-QWER1234.png', {
      headers: { 'Accept-Encoding': 'br' },
    });
    expect(png.headers['content-encoding']).toBeUndefined();
  });
});

describe('config.json', () => {
  it('serves the runtime config, never cached', async () => {
    const res = await request(gateway.url, '/config.json');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(JSON.parse(res.text)).toEqual({
      apiBaseUrl: 'http://127.0.0.1:4000/api',
      tileUrl: 'https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png',
    });
  });
});

describe('without a build', () => {
  it('explains how to build the dashboard', async () => {
    const empty = await startGateway({
      host: '127.0.0.1',
      port: 0,
      routes: [],
      invoke: () => Promise.resolve(null),
      staticDir: join(base, 'does-not-exist'),
      config: {},
      buildHint: 'npm run build:frontend',
    });
    try {
      const res = await request(empty.url, '/');
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.text).toContain('not built');
      expect(res.text).toContain('npm run build:frontend');
      expect((await request(empty.url, '/main-AB12CD34.js')).status).toBe(404);
    } finally {
      await empty.stop();
    }
  });
});

describe('safeRelativePath', () => {
  it('keeps ordinary paths and refuses escapes', () => {
    expect(safeRelativePath('/media/a%20b.png')).toBe('media/a b.png');
    expect(safeRelativePath('/')).toBe('');
    expect(safeRelativePath('/a/../../b')).toBeUndefined();
    expect(safeRelativePath('/%E0%A4%A')).toBeUndefined();
  });
});
