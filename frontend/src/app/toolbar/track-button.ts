import { ChangeDetectionStrategy, Component, effect, inject, signal } from '@angular/core';
import { ApiService } from '../core/api.service';
import { DashboardStateService } from '../core/dashboard-state.service';

/**
 * "Track this": asks the sources to collect the focused hashtag (POST /tracks), or to stop
 * (DELETE /tracks/{term}). Locally the endpoint is open; in AWS it needs IAM-signed requests,
 * which the browser does not send, so a refusal is shown as such rather than as a failure.
 */
@Component({
  selector: 'app-track-button',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (state.selectedTag(); as tag) {
      <button
        type="button"
        class="track"
        data-testid="track-button"
        [attr.aria-pressed]="tracked()"
        [disabled]="busy()"
        (click)="toggle(tag)"
      >
        {{ tracked() ? 'Tracking #' + tag : 'Track #' + tag }}
      </button>
      @if (message(); as text) {
        <span class="track__message" role="status" data-testid="track-message">{{ text }}</span>
      }
    }
  `,
  styles: `
    :host {
      display: inline-flex;
      align-items: center;
      gap: 0.5rem;
      flex-wrap: wrap;
    }
    .track {
      font: inherit;
      padding: 0.4rem 0.75rem;
      border: 1px solid #1f2937;
      border-radius: 6px;
      background: #fff;
      color: #1f2937;
      cursor: pointer;
      max-width: 100%;
      overflow-wrap: anywhere;
    }
    .track[aria-pressed='true'] {
      background: #1f2937;
      color: #fff;
    }
    .track:focus-visible {
      outline: 3px solid #2563eb;
      outline-offset: 2px;
    }
    .track__message {
      font-size: 0.85rem;
      color: #374151;
    }
  `,
})
export class TrackButton {
  protected readonly state = inject(DashboardStateService);
  private readonly api = inject(ApiService);
  protected readonly tracked = signal(false);
  protected readonly busy = signal(false);
  protected readonly message = signal<string | null>(null);

  constructor() {
    effect(() => {
      const tag = this.state.selectedTag();
      this.message.set(null);
      this.tracked.set(false);
      if (!tag) return;
      this.api.tracks().subscribe({
        next: (res) => this.tracked.set(res.items.some((t) => t.key === `#${tag}`)),
        error: () => this.tracked.set(false),
      });
    });
  }

  protected toggle(tag: string): void {
    const term = `#${tag}`;
    const wasTracked = this.tracked();
    this.busy.set(true);
    this.message.set(null);
    const call = wasTracked ? this.api.untrack(term) : this.api.track(term);
    call.subscribe({
      next: () => {
        this.tracked.set(!wasTracked);
        this.message.set(wasTracked ? null : 'Sources pick this up within a minute.');
        this.busy.set(false);
      },
      error: (error: { status?: number; message?: string }) => {
        this.message.set(
          error.status === 401 || error.status === 403
            ? 'Tracking needs signed AWS requests: use `npm run produce -- --track` or the API.'
            : `Could not change tracking: ${error.message ?? 'unknown error'}`,
        );
        this.busy.set(false);
      },
    });
  }
}
