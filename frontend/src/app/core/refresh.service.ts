import { DestroyRef, Injectable, InjectionToken, inject, signal } from '@angular/core';
import {
  BehaviorSubject,
  EMPTY,
  Observable,
  combineLatest,
  distinctUntilChanged,
  share,
  switchMap,
  timer,
} from 'rxjs';

/** How often the views refresh, in milliseconds. */
export const REFRESH_INTERVAL_MS = new InjectionToken<number>('REFRESH_INTERVAL_MS', {
  factory: () => 5_000,
});

/**
 * How often the views refresh while the stack has counted no post yet: a dashboard opened as
 * `npm start` says Ready shows the first posts a second after they are counted, not an interval
 * later.
 */
export const WAITING_INTERVAL_MS = 1_000;

/**
 * The dashboard's heartbeat: one shared timer that every polled view follows, and the pause
 * switch that stops it. Ticks are shared so all views refresh in the same frame.
 */
@Injectable({ providedIn: 'root' })
export class RefreshService {
  readonly intervalMs = inject(REFRESH_INTERVAL_MS);
  private readonly paused$ = new BehaviorSubject(false);
  private readonly pausedState = signal(false);
  private readonly waiting$ = new BehaviorSubject(false);
  readonly paused = this.pausedState.asReadonly();

  /** Wall-clock time for "2 min ago" labels; keeps moving while paused. */
  private readonly nowState = signal(Date.now());
  readonly now = this.nowState.asReadonly();

  /**
   * Emits on every refresh while not paused: first after one interval, and at once on resume
   * or when the first posts arrive (the views already fetched when they subscribed, so no tick
   * is owed at start). While waiting for the first posts it ticks every WAITING_INTERVAL_MS.
   */
  readonly ticks$: Observable<number> = combineLatest([
    this.paused$.pipe(distinctUntilChanged()),
    this.waiting$.pipe(distinctUntilChanged()),
  ]).pipe(
    switchMap(([paused, waiting], index) => {
      const every = waiting ? Math.min(WAITING_INTERVAL_MS, this.intervalMs) : this.intervalMs;
      return paused ? EMPTY : timer(index === 0 || waiting ? every : 0, every);
    }),
    share(),
  );

  constructor() {
    const clock = setInterval(() => this.nowState.set(Date.now()), this.intervalMs);
    inject(DestroyRef).onDestroy(() => clearInterval(clock));
  }

  setPaused(paused: boolean): void {
    this.pausedState.set(paused);
    this.paused$.next(paused);
  }

  /** Set from each stats answer: true while the stack has counted no post at all. */
  setWaitingForPosts(waiting: boolean): void {
    this.waiting$.next(waiting);
  }

  toggle(): void {
    this.setPaused(!this.paused());
  }
}
