import {
  DestroyRef,
  Injector,
  Signal,
  assertInInjectionContext,
  computed,
  inject,
  signal,
} from '@angular/core';
import { takeUntilDestroyed, toObservable } from '@angular/core/rxjs-interop';
import { Observable, catchError, exhaustMap, map, of, startWith, switchMap } from 'rxjs';
import { ApiError, toApiError } from './api-error';
import { ApiHealthService } from './api-health.service';
import { RefreshService } from './refresh.service';

export interface PolledResource<T> {
  /** The last data received; kept through later errors and parameter changes, so nothing flickers. */
  readonly value: Signal<T | undefined>;
  /** The error of the last attempt, cleared by the next success. */
  readonly error: Signal<ApiError | undefined>;
  /** True until the first answer (data or error) arrives: the only time skeletons show. */
  readonly firstLoad: Signal<boolean>;
  /** True while the current parameters have not been answered yet (for subtle busy hints). */
  readonly pending: Signal<boolean>;
}

export interface PollOptions<P, T> {
  /** Names the view in ApiHealthService. */
  source: string;
  /** Reactive request parameters; a change fetches at once and cancels the request in flight. */
  params: () => P;
  load: (params: P) => Observable<T>;
  /** Compares parameters, so an equal recomputation does not refetch. Defaults to JSON equality. */
  equal?: (a: P, b: P) => boolean;
  injector?: Injector;
}

type Outcome<T> = { ok: true; value: T } | { ok: false; error: ApiError };

const jsonEqual = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * Polls `load(params())` on every RefreshService tick. Parameter changes switch to the new request
 * (cancelling the old one); ticks that arrive while a request is still running are skipped, so a
 * slow API is never hammered with overlapping calls.
 */
export function pollResource<P, T>(options: PollOptions<P, T>): PolledResource<T> {
  if (!options.injector) assertInInjectionContext(pollResource);
  const injector = options.injector ?? inject(Injector);
  const refresh = injector.get(RefreshService);
  const health = injector.get(ApiHealthService);
  const destroyRef = injector.get(DestroyRef);

  const value = signal<T | undefined>(undefined);
  const error = signal<ApiError | undefined>(undefined);
  const firstLoad = signal(true);
  const pending = signal(true);
  const params = computed(options.params, { equal: options.equal ?? jsonEqual });

  toObservable(params, { injector })
    .pipe(
      switchMap((current) => {
        pending.set(true);
        return refresh.ticks$.pipe(
          startWith(-1),
          exhaustMap(() =>
            options.load(current).pipe(
              map((result): Outcome<T> => ({ ok: true, value: result })),
              catchError((err: unknown) => of<Outcome<T>>({ ok: false, error: toApiError(err) })),
            ),
          ),
        );
      }),
      takeUntilDestroyed(destroyRef),
    )
    .subscribe((outcome) => {
      firstLoad.set(false);
      pending.set(false);
      if (outcome.ok) {
        value.set(outcome.value);
        error.set(undefined);
        health.reportSuccess(options.source);
      } else {
        error.set(outcome.error);
        health.reportFailure(options.source, outcome.error);
      }
    });
  destroyRef.onDestroy(() => health.forget(options.source));

  return {
    value: value.asReadonly(),
    error: error.asReadonly(),
    firstLoad: firstLoad.asReadonly(),
    pending: pending.asReadonly(),
  };
}
