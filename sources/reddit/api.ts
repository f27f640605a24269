import { abortableSleep, silentLog, type SourceLog } from '../tracking/source-types';
import { createRateLimiter, type RateLimiter } from './rate-limit';

/**
 * A small client for Reddit's OAuth API with an app-only token (the client credentials grant):
 * `POST https://www.reddit.com/api/v1/access_token` with the app's id and secret as HTTP Basic
 * auth, then `https://oauth.reddit.com/...` with `Authorization: bearer <token>`. The token is
 * kept until shortly before it expires and fetched again on a 401. Requests wait for the rate
 * limit's reset when its quota is spent, and back off on 429, 5xx and network errors.
 *
 * The secret and the token go into headers only: never into an error message or a log line.
 */

export const REDDIT_AUTH_URL = 'https://www.reddit.com';
export const REDDIT_API_URL = 'https://oauth.reddit.com';
/** Reddit asks for `<platform>:<app id>:<version> (by /u/<user>)`; generic agents are throttled. */
export const DEFAULT_USER_AGENT = 'nodejs:social-stream-analytics:v0.1.0';

export interface RedditCredentials {
  clientId: string;
  clientSecret: string;
  /** Reddit asks for one naming the app and its author; DEFAULT_USER_AGENT otherwise. */
  userAgent?: string;
}

/** A listing page: `{kind: 'Listing', data: {children, after, before}}`. */
export interface RedditListing {
  kind: 'Listing';
  data: {
    children: { kind: string; data: Record<string, unknown> }[];
    after: string | null;
    before: string | null;
  };
}

export class RedditHttpError extends Error {
  override readonly name = 'RedditHttpError';
  constructor(
    readonly status: number,
    readonly path: string,
    detail: string,
  ) {
    super(`Reddit ${path} answered ${status}${detail ? `: ${detail.slice(0, 200)}` : ''}`);
  }
}

/** The app's credentials were refused: retrying cannot help. */
export class RedditAuthError extends Error {
  override readonly name = 'RedditAuthError';
}

export interface RedditBackoffPolicy {
  /** 5xx and network errors: from this, doubling, up to `maxMs`. */
  initialMs: number;
  maxMs: number;
  /** 429 without a reset header: from this, doubling, up to `maxMs`. */
  rateLimitedMs: number;
  /** Attempts per request before giving up (the caller tries again on its next poll). */
  attempts: number;
}

export const REDDIT_BACKOFF: RedditBackoffPolicy = {
  initialMs: 2_000,
  maxMs: 120_000,
  rateLimitedMs: 60_000,
  attempts: 5,
};

export interface RedditApiOptions extends RedditCredentials {
  authUrl?: string;
  apiUrl?: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
  backoff?: RedditBackoffPolicy;
  /** Renew the token this long before Reddit says it expires. */
  tokenMarginMs?: number;
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  log?: SourceLog;
}

export interface RedditApiStats {
  requests: number;
  tokens: number;
  /** Waits for the rate limit's reset before a request (quota spent). */
  rateLimitWaits: number;
  /** Retries after 429, 5xx or a network error. */
  retries: number;
}

export interface RedditApi {
  /** GET a listing (`/r/aws/new`, `/search`...) as raw JSON; `raw_json=1` is always asked. */
  listing(
    path: string,
    query: Record<string, string | undefined>,
    signal?: AbortSignal,
  ): Promise<RedditListing>;
  stats(): RedditApiStats;
  rateLimit(): ReturnType<RateLimiter['state']>;
}

const isListing = (v: unknown): v is RedditListing =>
  typeof v === 'object' &&
  v !== null &&
  (v as { kind?: unknown }).kind === 'Listing' &&
  Array.isArray((v as { data?: { children?: unknown } }).data?.children);

/** Reddit's error bodies are small JSON (`{"message": "Forbidden", "error": 403}`); keep it short. */
const detailOf = (text: string): string => text.replace(/\s+/g, ' ').trim().slice(0, 200);

export function createRedditApi(opts: RedditApiOptions): RedditApi {
  const authUrl = (opts.authUrl ?? REDDIT_AUTH_URL).replace(/\/$/, '');
  const apiUrl = (opts.apiUrl ?? REDDIT_API_URL).replace(/\/$/, '');
  const doFetch = opts.fetch ?? fetch;
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const policy = opts.backoff ?? REDDIT_BACKOFF;
  const now = opts.now ?? Date.now;
  const sleep = opts.sleep ?? abortableSleep;
  const log = opts.log ?? silentLog;
  const userAgent = opts.userAgent?.trim() || DEFAULT_USER_AGENT;
  const marginMs = opts.tokenMarginMs ?? 60_000;
  const limiter = createRateLimiter();
  const stats: RedditApiStats = { requests: 0, tokens: 0, rateLimitWaits: 0, retries: 0 };
  let token: { value: string; expiresAt: number } | undefined;
  let pendingToken: Promise<string> | undefined;

  async function fetchToken(): Promise<string> {
    const basic = Buffer.from(`${opts.clientId}:${opts.clientSecret}`).toString('base64');
    const res = await doFetch(`${authUrl}/api/v1/access_token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${basic}`,
        'content-type': 'application/x-www-form-urlencoded',
        'user-agent': userAgent,
      },
      body: 'grant_type=client_credentials',
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    if (res.status === 401 || res.status === 403) {
      throw new RedditAuthError(
        `Reddit refused the app's client id and secret (${res.status}); check them (an app of type "script" or "web" at https://www.reddit.com/prefs/apps)`,
      );
    }
    if (!res.ok) throw new RedditHttpError(res.status, '/api/v1/access_token', detailOf(text));
    let body: { access_token?: unknown; expires_in?: unknown; error?: unknown };
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      throw new RedditHttpError(res.status, '/api/v1/access_token', 'the answer is not JSON');
    }
    // Reddit answers 200 with {"error": "invalid_grant"} (or similar) for some refusals.
    if (typeof body.access_token !== 'string' || body.access_token === '') {
      const error = typeof body.error === 'string' ? body.error.slice(0, 60) : 'no access_token';
      throw new RedditAuthError(`Reddit issued no token (${error}); check the app's credentials`);
    }
    const seconds = typeof body.expires_in === 'number' ? body.expires_in : 3600;
    token = { value: body.access_token, expiresAt: now() + seconds * 1000 - marginMs };
    stats.tokens++;
    return token.value;
  }

  /** The cached token, or a new one; concurrent callers share one request. */
  function currentToken(): Promise<string> {
    if (token && now() < token.expiresAt) return Promise.resolve(token.value);
    pendingToken ??= fetchToken().finally(() => {
      pendingToken = undefined;
    });
    return pendingToken;
  }

  async function waitForQuota(signal?: AbortSignal): Promise<void> {
    for (;;) {
      const wait = limiter.take(now());
      if (wait <= 0 || signal?.aborted) return;
      stats.rateLimitWaits++;
      log('info', `Reddit rate limit spent; waiting ${Math.ceil(wait / 1000)} s for its reset`);
      await sleep(wait, signal);
    }
  }

  function retryWait(attempt: number, res?: Response): number {
    const exponential = (base: number) => Math.min(policy.maxMs, base * 2 ** (attempt - 1));
    if (res?.status === 429) {
      const reset = Number(res.headers.get('x-ratelimit-reset'));
      return Number.isFinite(reset) && reset > 0
        ? reset * 1000 + 500
        : exponential(policy.rateLimitedMs);
    }
    return exponential(policy.initialMs);
  }

  async function listing(
    path: string,
    query: Record<string, string | undefined>,
    signal?: AbortSignal,
  ): Promise<RedditListing> {
    const url = new URL(`${apiUrl}${path}`);
    for (const [k, v] of Object.entries(query)) if (v !== undefined) url.searchParams.set(k, v);
    // Without it Reddit escapes &, < and > in every text as HTML entities.
    url.searchParams.set('raw_json', '1');
    let refreshed = false;
    for (let attempt = 1; ; attempt++) {
      await waitForQuota(signal);
      if (signal?.aborted) throw new Error('aborted');
      const bearer = await currentToken();
      let res: Response | undefined;
      let text = '';
      try {
        stats.requests++;
        res = await doFetch(url, {
          headers: { authorization: `bearer ${bearer}`, 'user-agent': userAgent },
          signal: signal
            ? AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)])
            : AbortSignal.timeout(timeoutMs),
        });
        limiter.update(res.headers, now());
        text = await res.text();
      } catch (err) {
        if (signal?.aborted) throw err;
        if (attempt >= policy.attempts) throw err;
        const wait = retryWait(attempt);
        log('warn', `Reddit ${path}: ${(err as Error).message}; retrying in ${wait} ms`);
        stats.retries++;
        await sleep(wait, signal);
        continue;
      }
      if (res.status === 401 && !refreshed) {
        // The token expired or was revoked early: one new token, one more try.
        token = undefined;
        refreshed = true;
        attempt--;
        continue;
      }
      if (res.status === 401) {
        throw new RedditAuthError(`Reddit refused a fresh token for ${path} (401)`);
      }
      if (res.status === 429 || res.status >= 500) {
        if (attempt >= policy.attempts) throw new RedditHttpError(res.status, path, detailOf(text));
        const wait = retryWait(attempt, res);
        log('warn', `Reddit ${path} answered ${res.status}; retrying in ${wait} ms`);
        stats.retries++;
        await sleep(wait, signal);
        continue;
      }
      if (!res.ok) throw new RedditHttpError(res.status, path, detailOf(text));
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        throw new RedditHttpError(res.status, path, 'the answer is not JSON');
      }
      if (!isListing(body))
        throw new RedditHttpError(res.status, path, 'the answer is not a Listing');
      return body;
    }
  }

  return {
    listing,
    stats: () => ({ ...stats }),
    rateLimit: () => limiter.state(),
  };
}
