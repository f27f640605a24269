/** A small client for the X API v2 endpoints the sources use, authenticated with a bearer token. */

export const X_API_URL = 'https://api.x.com';

/** Expansions and fields that bring what the normalizer reads: places, authors, retweeted posts. */
export const X_POST_FIELDS: Readonly<Record<string, string>> = {
  expansions: 'author_id,geo.place_id,referenced_tweets.id',
  'tweet.fields':
    'created_at,lang,entities,geo,note_tweet,referenced_tweets,in_reply_to_user_id,author_id',
  'user.fields': 'username,name',
  'place.fields': 'full_name,name,country,country_code,geo,place_type',
};

export class XHttpError extends Error {
  override readonly name = 'XHttpError';
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly url: string,
  ) {
    super(`X API ${url} answered ${status}: ${detail.slice(0, 300)}`);
  }
}

export interface XApiOptions {
  token: string;
  /** https://api.x.com by default; tests point it at a fake server on 127.0.0.1. */
  baseUrl?: string;
  fetch?: typeof fetch;
  /** Per request, for the JSON calls (the stream has its own stall detection). */
  timeoutMs?: number;
}

export interface XApi {
  get<T>(path: string, query?: Record<string, string | undefined>): Promise<T>;
  post<T>(path: string, body: unknown): Promise<T>;
  /** Opens a long-lived response (the filtered stream); the caller checks the status. */
  open(path: string, query: Record<string, string>, signal: AbortSignal): Promise<Response>;
}

export function createXApi(opts: XApiOptions): XApi {
  const base = (opts.baseUrl ?? X_API_URL).replace(/\/$/, '');
  const doFetch = opts.fetch ?? fetch;
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const headers = { authorization: `Bearer ${opts.token}`, 'user-agent': 'social-stream/0.1' };

  const urlOf = (path: string, query: Record<string, string | undefined> = {}): string => {
    const url = new URL(`${base}${path}`);
    for (const [k, v] of Object.entries(query)) if (v !== undefined) url.searchParams.set(k, v);
    return url.toString();
  };

  async function call<T>(url: string, init: RequestInit): Promise<T> {
    const res = await doFetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    const text = await res.text();
    if (!res.ok) throw new XHttpError(res.status, text, url);
    return (text === '' ? {} : JSON.parse(text)) as T;
  }

  return {
    get: (path, query) => call(urlOf(path, query), { headers }),
    post: (path, body) =>
      call(urlOf(path), {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }),
    open: (path, query, signal) => doFetch(urlOf(path, query), { headers, signal }),
  };
}
