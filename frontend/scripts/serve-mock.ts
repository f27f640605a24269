// Serves the built dashboard (frontend/dist/browser) with a fake /api, for screenshots and for
// trying the UI without the local stack. Node built-ins only (run with tsx); the API's answers
// are typed with the types generated from docs/openapi.yaml (mock-api.ts).
//   npx tsx frontend/scripts/serve-mock.ts [--port 4300] [--mode data|empty|down]
// The answers come from mock-api.ts. Mode "data" invents a plausible stream that grows on every
// request; "empty" has no posts yet; "down" answers every API call with 503, to see the error
// banner.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMode, mockApi, type Mode } from './mock-api';

const args = process.argv.slice(2);
const option = (name: string, fallback: string): string => {
  const i = args.indexOf(`--${name}`);
  return (i >= 0 ? args[i + 1] : undefined) || fallback;
};
const port = Number(option('port', '4300'));
const modeOption = option('mode', 'data');
let mode: Mode = isMode(modeOption) ? modeOption : 'data';
const root = fileURLToPath(new URL('../dist/browser/', import.meta.url));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (url.pathname === '/__mode') {
    const next = url.searchParams.get('mode') ?? mode;
    if (isMode(next)) mode = next;
    res.writeHead(204).end();
    return;
  }
  if (url.pathname.startsWith('/api/')) {
    if (mode === 'down') {
      res
        .writeHead(503, { 'content-type': 'application/json' })
        .end(JSON.stringify({ message: 'Service Unavailable' }));
      return;
    }
    const body = mockApi(url.pathname.slice(4), url.searchParams, mode);
    res
      .writeHead(body ? 200 : 404, { 'content-type': 'application/json' })
      .end(JSON.stringify(body ?? { message: 'Not found' }));
    return;
  }
  let file = normalize(join(root, decodeURIComponent(url.pathname)));
  if (!file.startsWith(root) || !existsSync(file) || statSync(file).isDirectory())
    file = join(root, 'index.html');
  res.writeHead(200, {
    'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
    // The same policy as the local gateway (local/gateway/security.ts), so CSP problems show here.
    'content-security-policy':
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
      "connect-src 'self'; font-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'",
  });
  createReadStream(file).pipe(res);
});

server.listen(port, '127.0.0.1', () =>
  console.log(`dashboard with a ${mode} mock API on http://127.0.0.1:${port}/`),
);
