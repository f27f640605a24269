import { createReadStream, type Stats } from 'node:fs';
import { readFile, realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, sep } from 'node:path';
import { CompressedCache, MIN_COMPRESS_BYTES, negotiate } from './compression';
import { contentTypeOf, isCompressible } from './mime';

/** Angular's output hashing: `main-ABCD1234.js`, `chunk-5XK2QW7M.js`, `media/x-ABCD1234.png`. */
const HASHED = /-[A-Z0-9]{8}\.[a-z0-9]+$/;
const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';
/** Files above this are streamed as they are rather than read and compressed in memory. */
const MAX_BUFFERED_BYTES = 32 * 1024 * 1024;

export interface StaticSiteOptions {
  dir?: string;
  /** Headers every dashboard response carries (CSP and friends). */
  headers: [string, string][];
  /** How to build the dashboard, for the page shown while it is missing. */
  buildHint: string;
}

/**
 * The URL path as a path relative to the site root, or undefined when it could reach outside it
 * (`..`, encoded or not), names a dotfile, or is not valid percent-encoding.
 */
export function safeRelativePath(rawPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return undefined;
  const segments = decoded.split('/').filter((s) => s !== '');
  if (segments.some((s) => s.startsWith('.'))) return undefined;
  return segments.join('/');
}

function write(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  headers: [string, string][],
  body?: Buffer,
): void {
  const all = body
    ? [...headers, ['content-length', String(body.length)] as [string, string]]
    : headers;
  res.writeHead(status, all.flat());
  res.end(req.method === 'HEAD' ? undefined : body);
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function notBuiltPage(hint: string, dir: string | undefined): Buffer {
  return Buffer.from(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Dashboard not built</title></head>
<body style="font-family: sans-serif; max-width: 40rem; margin: 3rem auto; line-height: 1.5">
<h1>The dashboard is not built yet</h1>
<p>The API is running under <a href="/api/stats"><code>/api</code></a>, but there is no dashboard
build${dir ? ` in <code>${escapeHtml(dir)}</code>` : ''}.</p>
<p>Build it with <code>${escapeHtml(hint)}</code>, then reload this page.</p>
</body></html>
`);
}

export function createStaticSite(opts: StaticSiteOptions) {
  const cache = new CompressedCache();
  const root = opts.dir;
  let realRoot: string | undefined;

  async function inside(path: string): Promise<boolean> {
    if (!root) return false;
    realRoot ??= await realpath(root).catch(() => undefined);
    if (!realRoot) return false;
    // Symlinks inside the build must not lead out of it either.
    const real = await realpath(path).catch(() => undefined);
    return real !== undefined && real.startsWith(realRoot + sep);
  }

  async function fileAt(rel: string): Promise<{ path: string; stats: Stats } | undefined> {
    if (!root) return undefined;
    const path = join(root, rel);
    const stats = await stat(path).catch(() => undefined);
    if (!stats?.isFile() || !(await inside(path))) return undefined;
    return { path, stats };
  }

  async function sendFile(
    req: IncomingMessage,
    res: ServerResponse,
    file: { path: string; stats: Stats },
  ): Promise<void> {
    const { path, stats } = file;
    const type = contentTypeOf(path);
    const etag = `W/"${stats.size.toString(16)}-${Math.floor(stats.mtimeMs).toString(16)}"`;
    const compressible = isCompressible(type) && stats.size >= MIN_COMPRESS_BYTES;
    const headers: [string, string][] = [
      ...opts.headers,
      ['content-type', type],
      ['cache-control', HASHED.test(path) ? IMMUTABLE : REVALIDATE],
      ['etag', etag],
      ['last-modified', stats.mtime.toUTCString()],
    ];
    if (compressible) headers.push(['vary', 'Accept-Encoding']);
    if (req.headers['if-none-match'] === etag) return write(req, res, 304, headers);

    if (stats.size > MAX_BUFFERED_BYTES) {
      res.writeHead(200, [...headers, ['content-length', String(stats.size)]].flat());
      if (req.method === 'HEAD') return void res.end();
      return void createReadStream(path).pipe(res);
    }
    const encoding = compressible ? negotiate(req.headers['accept-encoding']) : undefined;
    if (!encoding) return write(req, res, 200, headers, await readFile(path));
    const key = `${path}|${stats.size}|${stats.mtimeMs}`;
    const body = await cache.get(key, () => readFile(path), encoding);
    write(req, res, 200, [...headers, ['content-encoding', encoding]], body);
  }

  /** Serves the build for a request path outside `/api`. */
  return async function serve(
    req: IncomingMessage,
    res: ServerResponse,
    rawPath: string,
  ): Promise<void> {
    const plain: [string, string][] = [
      ...opts.headers,
      ['content-type', 'text/plain; charset=utf-8'],
    ];
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return write(
        req,
        res,
        405,
        [...plain, ['allow', 'GET, HEAD']],
        Buffer.from('Method Not Allowed'),
      );
    }
    const rel = safeRelativePath(rawPath);
    if (rel === undefined) return write(req, res, 404, plain, Buffer.from('Not Found'));

    const file = rel === '' ? undefined : await fileAt(rel);
    if (file) return sendFile(req, res, file);
    // Client-side routes (no file extension) get the app shell; a missing asset is a 404.
    if (rel !== '' && extname(rel) !== '')
      return write(req, res, 404, plain, Buffer.from('Not Found'));
    const index = await fileAt('index.html');
    if (index) return sendFile(req, res, index);
    return write(
      req,
      res,
      200,
      [
        ...opts.headers,
        ['content-type', 'text/html; charset=utf-8'],
        ['cache-control', REVALIDATE],
      ],
      notBuiltPage(opts.buildHint, root),
    );
  };
}
