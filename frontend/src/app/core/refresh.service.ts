import { DestroyRef, Injectable, InjectionToken, inject, signal } from '@angular/core';
import {
  BehaviorSubject,
  EMPTY,
  Observable,
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
 * The dashboard's heartbeat: one shared timer that every polled view follows, and the pause
 * switch that stops it. Ticks are shared so all views refresh in the same frame.
 */
@Injectable({ providedIn: 'root' })
export class RefreshService {
  readonly intervalMs = inject(REFRESH_INTERVAL_MS);
  private readonly paused$ = new BehaviorSubject(false);
  private readonly pausedState = signal(false);
  readonly paused = this.pausedState.asReadonly();

  /** Wall-clock time for "2 min ago" labels; keeps moving while paused. */
  private readonly nowState = signal(Date.now());
  readonly now = this.nowState.asReadonly();

  /**
   * Emits on every refresh while not paused: first after one interval, and at once on resume
   * (the views already fetched when they subscribed, so no tick is owed at start).
   */
  readonly ticks$: Observable<number> = this.paused$.pipe(
    distinctUntilChanged(),
    switchMap((paused, index) =>
      paused ? EMPTY : timer(index === 0 ? this.intervalMs : 0, this.intervalMs),
    ),
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

  toggle(): void {
    this.setPaused(!this.paused());
  }
}
