import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A fake Reddit on 127.0.0.1: the app-only token endpoint (`POST /api/v1/access_token`, HTTP
 * Basic auth with the app's id and secret) and the listings the source reads (`/r/<sub>/new`,
 * `/r/<sub>/comments`, `/search`), newest first, paged with `before`/`after` and `limit` as
 * Reddit pages them, with its rate-limit headers. Tests add things over time, expire tokens,
 * delete a `before` anchor (Reddit then answers empty pages) and inject 429s and 5xx.
 */

export const CLIENT_ID = 'fake-client-id';
export const CLIENT_SECRET = 'fake-client-secret-Zq9Zq9Zq9';

export type Thing = { kind: 't1' | 't3'; data: Record<string, unknown> };

export interface FakeRedditRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  authorization?: string;
  userAgent?: string;
  status: number;
}

export interface FakeRedditOptions {
  /** Requests per rate-limit period; unlimited when absent. */
  quota?: number;
  /** Seconds a rate-limit period lasts (reported in x-ratelimit-reset). */
  periodSeconds?: number;
  /** expires_in of the tokens issued. */
  tokenSeconds?: number;
}

export interface FakeReddit {
  /** The base URL, for both REDDIT_AUTH_URL and REDDIT_API_URL. */
  url: string;
  requests: FakeRedditRequest[];
  /** Listing requests only (not the token endpoint). */
  listings(): FakeRedditRequest[];
  tokensIssued(): number;
  add(...things: Thing[]): void;
  /** Deletes things from the listings (a `before` anchor gone makes `before` pages empty). */
  remove(...names: string[]): void;
  /** Makes every token issued so far invalid: the next listing request gets a 401. */
  revokeTokens(): void;
  /** Answers the next requests (listings only) with these statuses, in order. */
  failNext(...statuses: number[]): void;
  close(): Promise<void>;
}

let serial = 1_000_000_000;
/** A fresh base-36 id, larger (newer) than every one made before. */
export const nextId = (): string => (serial++).toString(36);
/** Things are dated when they are made, as new posts are. */
const createdUtc = (): number => Math.floor(Date.now() / 1000);

export function submission(subreddit: string, title: string, selftext = '', id = nextId()): Thing {
  return {
    kind: 't3',
    data: {
      id,
      name: `t3_${id}`,
      subreddit,
      subreddit_name_prefixed: `r/${subreddit}`,
      title,
      selftext,
      selftext_html: selftext ? `&lt;div class="md"&gt;${selftext}&lt;/div&gt;` : null,
      author: `author_${id}`,
      author_fullname: `t2_${id}`,
      permalink: `/r/${subreddit}/comments/${id}/${title.toLowerCase().replace(/\W+/g, '_')}/`,
      created_utc: createdUtc(),
      removed_by_category: null,
    },
  };
}

export function comment(subreddit: string, linkId: string, body: string, id = nextId()): Thing {
  return {
    kind: 't1',
    data: {
      id,
      name: `t1_${id}`,
      subreddit,
      subreddit_name_prefixed: `r/${subreddit}`,
      body,
      body_html: `&lt;div class="md"&gt;${body}&lt;/div&gt;`,
      author: `author_${id}`,
      author_fullname: `t2_${id}`,
      link_id: `t3_${linkId}`,
      parent_id: `t3_${linkId}`,
      permalink: `/r/${subreddit}/comments/${linkId}/post/${id}/`,
      created_utc: createdUtc(),
    },
  };
}

const idOf = (t: Thing): string => String(t.data.id);
/** Newest first, as Reddit lists: base-36 ids, longer is newer. */
const newestFirst = (a: Thing, b: Thing): number => {
  const x = idOf(a);
  const y = idOf(b);
  return x.length !== y.length ? y.length - x.length : x < y ? 1 : x > y ? -1 : 0;
};

/** Reddit's search, roughly: any OR-ed word or "phrase" in the title or body. */
function matches(thing: Thing, q: string): boolean {
  const text = `${String(thing.data.title)} ${String(thing.data.selftext ?? '')}`.toLowerCase();
  return q
    .split(' OR ')
    .map((p) => p.replace(/"/g, '').trim().toLowerCase())
    .some((p) => p !== '' && text.includes(p));
}

function feedOf(things: readonly Thing[], path: string, q: URLSearchParams): Thing[] | undefined {
  const sub = /^\/r\/([A-Za-z0-9_]+)\/(new|comments)$/.exec(path);
  if (sub) {
    const [, name, which] = sub;
    const kind = which === 'new' ? 't3' : 't1';
    return things.filter(
      (t) => t.kind === kind && String(t.data.subreddit).toLowerCase() === name!.toLowerCase(),
    );
  }
  if (path === '/search') {
    return things.filter((t) => t.kind === 't3' && matches(t, q.get('q') ?? ''));
  }
  return undefined;
}

/** One page of a newest-first listing, as Reddit pages it around a `before` or `after` anchor. */
function page(feed: Thing[], q: URLSearchParams) {
  const limit = Math.min(100, Math.max(1, Number(q.get('limit') ?? 25)));
  const before = q.get('before');
  const after = q.get('after');
  const at = (name: string) => feed.findIndex((t) => t.data.name === name);
  let start = 0;
  let end = Math.min(limit, feed.length);
  if (before) {
    const i = at(before);
    // Reddit answers an empty page when the anchor is gone (deleted or removed).
    if (i < 0) return { children: [], before: null, after: null };
    start = Math.max(0, i - limit);
    end = i;
  } else if (after) {
    const i = at(after);
    if (i < 0) return { children: [], before: null, after: null };
    start = i + 1;
    end = Math.min(feed.length, start + limit);
  }
  const children = feed.slice(start, end);
  return {
    children,
    before: start > 0 && children.length > 0 ? String(children[0]!.data.name) : null,
    after: end < feed.length && children.length > 0 ? String(children.at(-1)!.data.name) : null,
  };
}

const readBody = (req: IncomingMessage): Promise<string> =>
  new Promise((resolve) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString()));
    req.on('end', () => resolve(text));
  });

export async function fakeReddit(opts: FakeRedditOptions = {}): Promise<FakeReddit> {
  const things: Thing[] = [];
  const requests: FakeRedditRequest[] = [];
  const valid = new Set<string>();
  const failures: number[] = [];
  const periodMs = (opts.periodSeconds ?? 600) * 1000;
  let tokens = 0;
  let periodStart = Date.now();
  let used = 0;

  const server: Server = createServer((req, res) => {
    void readBody(req).then((body) => {
      const url = new URL(req.url ?? '/', 'http://reddit');
      const record: FakeRedditRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
        ...(req.headers['user-agent'] ? { userAgent: req.headers['user-agent'] } : {}),
        status: 200,
      };
      requests.push(record);
      const answer = (status: number, json: unknown, headers: Record<string, string> = {}) => {
        record.status = status;
        res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', ...headers });
        res.end(JSON.stringify(json));
      };

      if (url.pathname === '/api/v1/access_token') {
        const basic = `Basic ${Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64')}`;
        if (req.method !== 'POST' || req.headers.authorization !== basic) {
          return answer(401, { message: 'Unauthorized', error: 401 });
        }
        if (!/(^|&)grant_type=client_credentials(&|$)/.test(body)) {
          return answer(200, { error: 'unsupported_grant_type' });
        }
        const token = `fake-token-${++tokens}`;
        valid.add(token);
        return answer(200, {
          access_token: token,
          token_type: 'bearer',
          expires_in: opts.tokenSeconds ?? 86_400,
          scope: '*',
        });
      }

      // Rate limit: every listing request counts, 429 once the period's quota is spent.
      const now = Date.now();
      if (now - periodStart >= periodMs) {
        periodStart = now;
        used = 0;
      }
      used++;
      const reset = Math.max(0, Math.ceil((periodStart + periodMs - now) / 1000));
      const limits: Record<string, string> =
        opts.quota === undefined
          ? {}
          : {
              'x-ratelimit-used': String(used),
              'x-ratelimit-remaining': String(Math.max(0, opts.quota - used).toFixed(1)),
              'x-ratelimit-reset': String(reset),
            };
      if (opts.quota !== undefined && used > opts.quota) {
        return answer(429, { message: 'Too Many Requests', error: 429 }, limits);
      }
      const fail = failures.shift();
      if (fail !== undefined) return answer(fail, { message: 'injected', error: fail }, limits);
      const bearer = /^bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
      if (bearer === undefined || !valid.has(bearer)) {
        return answer(401, { message: 'Unauthorized', error: 401 }, limits);
      }
      const feed = feedOf([...things].sort(newestFirst), url.pathname, url.searchParams);
      if (feed === undefined) return answer(404, { message: 'Not Found', error: 404 }, limits);
      const p = page(feed, url.searchParams);
      return answer(
        200,
        {
          kind: 'Listing',
          data: {
            after: p.after,
            dist: p.children.length,
            modhash: '',
            geo_filter: '',
            children: p.children,
            before: p.before,
          },
        },
        limits,
      );
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    listings: () => requests.filter((r) => r.path !== '/api/v1/access_token'),
    tokensIssued: () => tokens,
    add: (...more) => void things.push(...more),
    remove: (...names) => {
      for (const name of names) {
        const i = things.findIndex((t) => t.data.name === name);
        if (i >= 0) things.splice(i, 1);
      }
    },
    revokeTokens: () => valid.clear(),
    failNext: (...statuses) => void failures.push(...statuses),
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
