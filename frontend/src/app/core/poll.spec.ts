import { Injector, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { NEVER, Subject, finalize, of, throwError, type Observable } from 'rxjs';
import { TEST_INTERVAL_MS, provideDashboardTesting } from '../../testing/test-providers';
import { ApiError } from './api-error';
import { ApiHealthService } from './api-health.service';
import { pollResource } from './poll';
import { RefreshService } from './refresh.service';

describe('pollResource', () => {
  beforeEach(() => {
    jest.useFakeTimers();
    TestBed.configureTestingModule({ providers: provideDashboardTesting() });
  });

  afterEach(() => {
    TestBed.resetTestingModule();
    jest.useRealTimers();
  });

  function poll<P, T>(params: () => P, load: (p: P) => Observable<T>) {
    return pollResource({ source: 'test', params, load, injector: TestBed.inject(Injector) });
  }

  /** Runs effects (toObservable) and then the timers due within `ms`. */
  function advance(ms = 0): void {
    TestBed.tick();
    jest.advanceTimersByTime(ms);
  }

  it('loads at once, then on every refresh tick', () => {
    const load = jest.fn(() => of('data'));
    const resource = poll(() => 'p', load);
    expect(resource.firstLoad()).toBe(true);

    advance();
    expect(load).toHaveBeenCalledTimes(1);
    expect(resource.value()).toBe('data');
    expect(resource.firstLoad()).toBe(false);

    advance(TEST_INTERVAL_MS);
    expect(load).toHaveBeenCalledTimes(2);
    advance(3 * TEST_INTERVAL_MS);
    expect(load).toHaveBeenCalledTimes(5);
  });

  it('stops polling while paused and fetches at once on resume', () => {
    const load = jest.fn(() => of('data'));
    poll(() => 'p', load);
    const refresh = TestBed.inject(RefreshService);
    advance();
    expect(load).toHaveBeenCalledTimes(1);

    refresh.setPaused(true);
    expect(refresh.paused()).toBe(true);
    advance(10 * TEST_INTERVAL_MS);
    expect(load).toHaveBeenCalledTimes(1);

    refresh.setPaused(false);
    advance(0);
    expect(load).toHaveBeenCalledTimes(2);
    advance(TEST_INTERVAL_MS);
    expect(load).toHaveBeenCalledTimes(3);
  });

  it('still answers a parameter change while paused', () => {
    const params = signal('a');
    const load = jest.fn((p: string) => of(p));
    const resource = poll(() => params(), load);
    advance();
    TestBed.inject(RefreshService).setPaused(true);

    params.set('b');
    advance(10 * TEST_INTERVAL_MS);
    expect(load.mock.calls.map(([p]) => p)).toEqual(['a', 'b']);
    expect(resource.value()).toBe('b');
  });

  it('cancels the request in flight when the parameters change', () => {
    const params = signal('slow');
    const cancelled: string[] = [];
    const resource = poll(
      () => params(),
      (p) => (p === 'slow' ? NEVER : of(p.toUpperCase())).pipe(finalize(() => cancelled.push(p))),
    );
    advance();
    expect(cancelled).toEqual([]);

    params.set('fast');
    advance();
    expect(cancelled[0]).toBe('slow');
    expect(resource.value()).toBe('FAST');
  });

  it('skips ticks while a request is still running', () => {
    const pending = new Subject<string>();
    const load = jest.fn(() => pending);
    poll(() => 'p', load);
    advance(5 * TEST_INTERVAL_MS);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('does not refetch when the parameters recompute to an equal value', () => {
    const window = signal('1h');
    const load = jest.fn(() => of('x'));
    poll(() => ({ window: window(), limit: 10 }), load);
    advance();
    window.set('1h');
    advance();
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('keeps the last data through an error, reports it, and clears it on the next success', () => {
    let fail = false;
    const load = jest.fn(() => (fail ? throwError(() => new ApiError(0, 'down')) : of('data')));
    const resource = poll(() => 'p', load);
    const health = TestBed.inject(ApiHealthService);
    advance();

    fail = true;
    advance(TEST_INTERVAL_MS);
    expect(resource.value()).toBe('data');
    expect(resource.error()?.message).toBe('down');
    expect(health.hasError()).toBe(true);

    fail = false;
    advance(TEST_INTERVAL_MS);
    expect(resource.error()).toBeUndefined();
    expect(health.hasError()).toBe(false);
  });
});
