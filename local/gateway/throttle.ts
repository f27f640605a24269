/**
 * The HttpApi's stage throttling (DefaultRouteSettings ThrottlingRateLimit/ThrottlingBurstLimit)
 * as API Gateway applies it: a token bucket per route, holding up to `burstLimit` requests and
 * refilled at `rateLimit` per second; a request that finds it empty is answered 429.
 */

export interface ThrottleSettings {
  /** Steady-state requests per second. */
  rateLimit: number;
  /** Requests the bucket holds: how many may arrive at once. */
  burstLimit: number;
}

export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly settings: ThrottleSettings,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tokens = settings.burstLimit;
    this.last = now();
  }

  /** Takes a token if there is one. */
  take(): boolean {
    const t = this.now();
    const { rateLimit, burstLimit } = this.settings;
    this.tokens = Math.min(burstLimit, this.tokens + ((t - this.last) / 1000) * rateLimit);
    this.last = t;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

/** Whether a request to `routeKey` may pass now; each route has its own bucket. */
export function routeThrottle(
  settings: ThrottleSettings,
  now?: () => number,
): (routeKey: string) => boolean {
  const buckets = new Map<string, TokenBucket>();
  return (routeKey) => {
    let bucket = buckets.get(routeKey);
    if (!bucket) buckets.set(routeKey, (bucket = new TokenBucket(settings, now)));
    return bucket.take();
  };
}
