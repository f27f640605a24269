import { LRUCache } from 'lru-cache';
import { silentLog, type SourceLog } from '../tracking/source-types';

/**
 * Who a Bluesky DID is, for showing `@handle` instead of the DID: learnt from Jetstream identity
 * events, else asked of the AppView's public API (`app.bsky.actor.getProfiles`, up to 25 DIDs a
 * call; it returns only handles it has verified, "handle.invalid" otherwise). Lookups are batched,
 * rate-limited and time-bounded: a post waits at most `waitMs` for its author's handle and goes
 * with the DID alone after that; the answer still fills the cache for the author's next post.
 */

export const PUBLIC_APPVIEW_URL = 'https://public.api.bsky.app';

export interface Profile {
  handle?: string;
  name?: string;
}

export interface ProfileResolver {
  /** A handle seen in an identity event (authoritative until the next one). */
  learn(did: string, handle: string | undefined): void;
  /** The author's profile, or undefined when it is not known within the wait. */
  profileOf(did: string): Promise<Profile | undefined>;
  stats(): ProfileStats;
}

export interface ProfileStats {
  requests: number;
  resolved: number;
  failed: number;
  timedOut: number;
  learnt: number;
}

export interface ProfileResolverOptions {
  /** The AppView's base URL (PUBLIC_APPVIEW_URL); tests point it at a fake on loopback. */
  appViewUrl: string;
  fetch?: typeof globalThis.fetch;
  /** Requests per second at most (a bucket of this size refilled each second). */
  requestsPerSecond?: number;
  /** How long a post waits for its author's profile. */
  waitMs?: number;
  /** A request that takes longer is abandoned. */
  requestTimeoutMs?: number;
  /** How long a DID the AppView did not know (or failed for) is not asked again. */
  retryAfterMs?: number;
  /** How long a resolved profile is trusted (handles change, rarely). */
  ttlMs?: number;
  maxCached?: number;
  /** DIDs waiting for a request beyond this are not queued (their posts go with the DID). */
  maxQueued?: number;
  log?: SourceLog;
  now?: () => number;
}

const BATCH = 25;
const BATCH_DELAY_MS = 20;
const INVALID_HANDLE = 'handle.invalid';

interface ProfilesResponse {
  profiles?: { did?: unknown; handle?: unknown; displayName?: unknown }[];
}

export function createProfileResolver(opts: ProfileResolverOptions): ProfileResolver {
  const fetchFn = opts.fetch ?? globalThis.fetch;
  const now = opts.now ?? Date.now;
  const log = opts.log ?? silentLog;
  const rate = opts.requestsPerSecond ?? 5;
  const waitMs = opts.waitMs ?? 1_500;
  const requestTimeoutMs = opts.requestTimeoutMs ?? 5_000;
  const retryAfterMs = opts.retryAfterMs ?? 5 * 60_000;
  const maxQueued = opts.maxQueued ?? 2_000;
  const base = opts.appViewUrl.replace(/\/+$/, '');
  // A known "no profile" is cached too ({} without a profile), so a DID the AppView does not
  // know is not asked again on every post.
  const cache = new LRUCache<string, { profile?: Profile }>({
    max: opts.maxCached ?? 100_000,
    ttl: opts.ttlMs ?? 6 * 3600_000,
  });
  const waiters = new Map<string, ((p: Profile | undefined) => void)[]>();
  const queue = new Set<string>();
  const stats: ProfileStats = { requests: 0, resolved: 0, failed: 0, timedOut: 0, learnt: 0 };
  let tokens = rate;
  let refilledAt = now();
  let timer: NodeJS.Timeout | undefined;
  let lastWarning = 0;

  function settle(did: string, profile: Profile | undefined): void {
    for (const resolve of waiters.get(did) ?? []) resolve(profile);
    waiters.delete(did);
  }

  function takeToken(): number {
    const t = now();
    tokens = Math.min(rate, tokens + ((t - refilledAt) / 1000) * rate);
    refilledAt = t;
    if (tokens >= 1) {
      tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - tokens) / rate) * 1000);
  }

  function schedule(delayMs: number): void {
    if (timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      void flush();
    }, delayMs);
    timer.unref();
  }

  async function flush(): Promise<void> {
    if (queue.size === 0) return;
    const wait = takeToken();
    if (wait > 0) return schedule(wait);
    const dids = [...queue].slice(0, BATCH);
    dids.forEach((d) => queue.delete(d));
    if (queue.size > 0) schedule(BATCH_DELAY_MS);
    const url = new URL(`${base}/xrpc/app.bsky.actor.getProfiles`);
    for (const did of dids) url.searchParams.append('actors', did);
    stats.requests++;
    try {
      const res = await fetchFn(url, {
        signal: AbortSignal.timeout(requestTimeoutMs),
        headers: { accept: 'application/json' },
      });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const body = (await res.json()) as ProfilesResponse;
      const found = new Map<string, Profile>();
      for (const p of body.profiles ?? []) {
        if (typeof p.did !== 'string') continue;
        const handle =
          typeof p.handle === 'string' && p.handle !== INVALID_HANDLE ? p.handle : undefined;
        const name =
          typeof p.displayName === 'string' && p.displayName.trim()
            ? p.displayName.trim()
            : undefined;
        found.set(p.did, { ...(handle ? { handle } : {}), ...(name ? { name } : {}) });
      }
      for (const did of dids) {
        const profile = found.get(did);
        if (profile) stats.resolved++;
        cache.set(did, profile ? { profile } : {}, profile ? {} : { ttl: retryAfterMs });
        settle(did, profile);
      }
    } catch (err) {
      stats.failed += dids.length;
      for (const did of dids) {
        cache.set(did, {}, { ttl: retryAfterMs });
        settle(did, undefined);
      }
      if (now() - lastWarning > 60_000) {
        lastWarning = now();
        log('warn', `Bluesky handles: the AppView did not answer (${String(err)}); showing DIDs`);
      }
    }
  }

  return {
    learn(did, handle) {
      if (!handle || handle === INVALID_HANDLE) return;
      const profile = { ...cache.get(did)?.profile, handle };
      cache.set(did, { profile });
      stats.learnt++;
      settle(did, profile);
    },
    profileOf(did) {
      const known = cache.get(did);
      if (known !== undefined) return Promise.resolve(known.profile);
      if (!waiters.has(did)) {
        if (queue.size >= maxQueued) return Promise.resolve(undefined);
        queue.add(did);
        schedule(BATCH_DELAY_MS);
      }
      return new Promise<Profile | undefined>((resolve) => {
        let settled = false;
        const once = (p: Profile | undefined): void => {
          if (!settled) resolve(p);
          settled = true;
        };
        const list = waiters.get(did) ?? [];
        list.push(once);
        waiters.set(did, list);
        setTimeout(() => {
          if (!settled) stats.timedOut++;
          once(undefined);
        }, waitMs).unref();
      });
    },
    stats: () => ({ ...stats }),
  };
}
