/**
 * X's documented reconnect policy for the filtered stream:
 * - network errors (refused, reset, stalled): linear, +250 ms per attempt, up to 16 s;
 * - HTTP errors worth retrying (5xx, ...): exponential from 5 s, doubling, up to 320 s;
 * - HTTP 429: exponential from 1 minute, doubling (every 429 extends the penalty).
 * A connection that delivers data resets all three.
 */

export type FailureKind = 'network' | 'http' | 'rate-limit';

export interface XBackoffPolicy {
  networkStepMs: number;
  networkMaxMs: number;
  httpInitialMs: number;
  httpMaxMs: number;
  rateLimitInitialMs: number;
  rateLimitMaxMs: number;
}

export const X_BACKOFF: XBackoffPolicy = {
  networkStepMs: 250,
  networkMaxMs: 16_000,
  httpInitialMs: 5_000,
  httpMaxMs: 320_000,
  rateLimitInitialMs: 60_000,
  // X states no ceiling; 16 minutes outlasts its 15-minute rate-limit windows.
  rateLimitMaxMs: 960_000,
};

export interface Backoff {
  /** The wait before the next attempt after a failure of `kind`. */
  next(kind: FailureKind): number;
  reset(): void;
}

export function createXBackoff(policy: XBackoffPolicy = X_BACKOFF): Backoff {
  const attempts: Record<FailureKind, number> = { network: 0, http: 0, 'rate-limit': 0 };
  return {
    next(kind) {
      const n = ++attempts[kind];
      if (kind === 'network') return Math.min(policy.networkMaxMs, policy.networkStepMs * n);
      if (kind === 'http') return Math.min(policy.httpMaxMs, policy.httpInitialMs * 2 ** (n - 1));
      return Math.min(policy.rateLimitMaxMs, policy.rateLimitInitialMs * 2 ** (n - 1));
    },
    reset() {
      attempts.network = 0;
      attempts.http = 0;
      attempts['rate-limit'] = 0;
    },
  };
}
