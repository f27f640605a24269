import { createXBackoff, X_BACKOFF } from '../../../../sources/x/backoff';

describe("X's reconnect policy", () => {
  it('backs off linearly by 250 ms for network errors, up to 16 s', () => {
    const b = createXBackoff();
    const waits = Array.from({ length: 70 }, () => b.next('network'));
    expect(waits.slice(0, 4)).toEqual([250, 500, 750, 1000]);
    expect(waits[63]).toBe(16_000);
    expect(Math.max(...waits)).toBe(16_000);
  });

  it('backs off exponentially from 5 s for HTTP errors, up to 320 s', () => {
    const b = createXBackoff();
    expect(Array.from({ length: 9 }, () => b.next('http'))).toEqual([
      5_000, 10_000, 20_000, 40_000, 80_000, 160_000, 320_000, 320_000, 320_000,
    ]);
  });

  it('backs off exponentially from 1 minute for 429', () => {
    const b = createXBackoff();
    expect(Array.from({ length: 6 }, () => b.next('rate-limit'))).toEqual([
      60_000,
      120_000,
      240_000,
      480_000,
      960_000,
      X_BACKOFF.rateLimitMaxMs,
    ]);
  });

  it('counts each kind on its own and starts over after a reset', () => {
    const b = createXBackoff();
    b.next('network');
    b.next('http');
    expect(b.next('network')).toBe(500);
    expect(b.next('http')).toBe(10_000);
    b.reset();
    expect(b.next('network')).toBe(250);
    expect(b.next('http')).toBe(5_000);
    expect(b.next('rate-limit')).toBe(60_000);
  });
});
