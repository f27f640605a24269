/**
 * Reddit's rate limit, as its responses report it: `x-ratelimit-remaining` requests left in the
 * period and `x-ratelimit-reset` seconds until the period ends (`x-ratelimit-used` so far). When
 * nothing is left, the next request waits for the reset instead of earning a 429.
 */

export interface RateLimitState {
  remaining?: number;
  used?: number;
  /** Epoch ms at which the period ends. */
  resetAt?: number;
}

export interface RateLimiter {
  /** Reads the headers of a response (any status: a 429 carries them too). */
  update(headers: Headers, now: number): void;
  /** How long the next request must wait (0 when it may go now); counts the request. */
  take(now: number): number;
  state(): RateLimitState;
}

/** Requests kept in hand: other clients of the same app may share its quota. */
const RESERVE = 1;
/** Added to Reddit's reset time, which is whole seconds and approximate. */
const SLACK_MS = 500;

const numberHeader = (headers: Headers, name: string): number | undefined => {
  const value = headers.get(name);
  if (value === null || value.trim() === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
};

export function createRateLimiter(): RateLimiter {
  let state: RateLimitState = {};
  return {
    update(headers, now) {
      const remaining = numberHeader(headers, 'x-ratelimit-remaining');
      const reset = numberHeader(headers, 'x-ratelimit-reset');
      const used = numberHeader(headers, 'x-ratelimit-used');
      if (remaining === undefined && reset === undefined) return;
      state = {
        ...(remaining !== undefined ? { remaining } : {}),
        ...(used !== undefined ? { used } : {}),
        ...(reset !== undefined ? { resetAt: now + reset * 1000 } : {}),
      };
    },
    take(now) {
      const { remaining, resetAt } = state;
      if (resetAt !== undefined && now >= resetAt) {
        // A new period: the quota is back, and the next response will say how much.
        state = {};
        return 0;
      }
      if (remaining === undefined) return 0;
      if (remaining > RESERVE) {
        state = { ...state, remaining: remaining - 1 };
        return 0;
      }
      return resetAt === undefined ? 0 : resetAt - now + SLACK_MS;
    },
    state: () => ({ ...state }),
  };
}
