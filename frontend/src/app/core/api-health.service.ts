import { Injectable, computed, signal } from '@angular/core';
import { ApiError } from './api-error';

/**
 * Collects the latest outcome of every polled view, so the header and the error banner reflect
 * the whole dashboard: one failing view is enough to show the banner, and it clears itself as
 * soon as every view has succeeded again.
 */
@Injectable({ providedIn: 'root' })
export class ApiHealthService {
  private readonly failures = signal<ReadonlyMap<string, ApiError>>(new Map());
  private readonly lastSuccess = signal<number | undefined>(undefined);

  readonly errors = computed(() => [...this.failures().values()]);
  readonly hasError = computed(() => this.failures().size > 0);
  /** When any view last received data (ms since epoch). */
  readonly lastSuccessAt = this.lastSuccess.asReadonly();

  reportSuccess(source: string): void {
    this.lastSuccess.set(Date.now());
    if (!this.failures().has(source)) return;
    this.failures.update((current) => {
      const next = new Map(current);
      next.delete(source);
      return next;
    });
  }

  reportFailure(source: string, error: ApiError): void {
    this.failures.update((current) => new Map(current).set(source, error));
  }

  /** A view that goes away must not keep the banner up. */
  forget(source: string): void {
    if (!this.failures().has(source)) return;
    this.failures.update((current) => {
      const next = new Map(current);
      next.delete(source);
      return next;
    });
  }
}
