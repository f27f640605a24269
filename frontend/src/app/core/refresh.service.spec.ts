import { TestBed } from '@angular/core/testing';
import { provideDashboardTesting } from '../../testing/test-providers';
import { REFRESH_INTERVAL_MS, RefreshService, WAITING_INTERVAL_MS } from './refresh.service';

describe('RefreshService', () => {
  const INTERVAL_MS = 5_000;
  let refresh: RefreshService;
  let ticks: number;

  beforeEach(() => {
    jest.useFakeTimers();
    TestBed.configureTestingModule({
      providers: [
        ...provideDashboardTesting(),
        { provide: REFRESH_INTERVAL_MS, useValue: INTERVAL_MS },
      ],
    });
    refresh = TestBed.inject(RefreshService);
    ticks = 0;
    refresh.ticks$.subscribe(() => ticks++);
  });

  afterEach(() => {
    TestBed.resetTestingModule();
    jest.useRealTimers();
  });

  it('ticks once per interval', () => {
    jest.advanceTimersByTime(INTERVAL_MS - 1);
    expect(ticks).toBe(0);
    jest.advanceTimersByTime(1);
    expect(ticks).toBe(1);
    jest.advanceTimersByTime(2 * INTERVAL_MS);
    expect(ticks).toBe(3);
  });

  it('ticks every second while no post is counted, and at once when the first posts arrive', () => {
    refresh.setWaitingForPosts(true);
    jest.advanceTimersByTime(3 * WAITING_INTERVAL_MS);
    expect(ticks).toBe(3);

    refresh.setWaitingForPosts(false);
    expect(ticks).toBe(3);
    jest.advanceTimersByTime(0);
    expect(ticks).toBe(4);
    jest.advanceTimersByTime(INTERVAL_MS - 1);
    expect(ticks).toBe(4);
    jest.advanceTimersByTime(1);
    expect(ticks).toBe(5);
  });

  it('does not tick while paused, even while waiting for posts', () => {
    refresh.setPaused(true);
    refresh.setWaitingForPosts(true);
    jest.advanceTimersByTime(10 * INTERVAL_MS);
    expect(ticks).toBe(0);
  });

  it('repeats no tick for a repeated state', () => {
    refresh.setWaitingForPosts(false);
    refresh.setWaitingForPosts(false);
    jest.advanceTimersByTime(INTERVAL_MS - 1);
    expect(ticks).toBe(0);
  });
});
