import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  inject,
  signal,
  untracked,
} from '@angular/core';
import { ApiService } from '../core/api.service';
import { AuthService } from '../core/auth.service';
import { DashboardStateService } from '../core/dashboard-state.service';
import { isSubredditKey } from '../shared/tags';

/**
 * "Track this": asks the sources to collect the focused hashtag (POST /tracks), or to stop
 * (DELETE /tracks/{term}). Locally the endpoint is open. In AWS it needs a signed-in user: a
 * signed-out user gets "Sign in to track", which goes to the hosted sign-in page and comes back
 * to the same hashtag.
 */
@Component({
  selector: 'app-track-button',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (trackableTag(); as tag) {
      <button
        type="button"
        class="track"
        data-testid="track-button"
        [attr.aria-pressed]="needsSignIn() ? null : tracked()"
        [disabled]="busy() || auth.state().status === 'starting'"
        (click)="needsSignIn() ? signIn(tag) : toggle(tag)"
      >
        @if (needsSignIn()) {
          Sign in to track #{{ tag }}
        } @else {
          {{ tracked() ? 'Tracking #' + tag : 'Track #' + tag }}
        }
      </button>
    }
    @if (auth.state(); as s) {
      @if (s.status === 'signed-in') {
        <button
          type="button"
          class="track track--quiet"
          data-testid="sign-out"
          [attr.title]="'Signed in as ' + s.name"
          (click)="signOut()"
        >
          Sign out
        </button>
      }
    }
    @if (notice(); as text) {
      <span class="track__message" role="status" data-testid="track-message">{{ text }}</span>
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
    .track--quiet {
      border-color: transparent;
      text-decoration: underline;
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
  protected readonly auth = inject(AuthService);
  private readonly api = inject(ApiService);
  protected readonly tracked = signal(false);
  protected readonly busy = signal(false);
  protected readonly message = signal<string | null>(null);
  protected readonly needsSignIn = computed(() => this.auth.state().status === 'signed-out');
  /**
   * The focused hashtag, when it can be tracked: a subreddit (`r:aws`, which Reddit posts count
   * like a hashtag) is collected by naming it to the Reddit source, not through /tracks.
   */
  protected readonly trackableTag = computed(() => {
    const tag = this.state.selectedTag();
    return tag && !isSubredditKey(tag) ? tag : null;
  });
  /** This button's own outcome, else why the user was signed out (failed sign-in, expiry). */
  protected readonly notice = computed(() => {
    const s = this.auth.state();
    return this.message() ?? (s.status === 'signed-out' ? (s.reason ?? null) : null);
  });

  constructor() {
    void this.auth.start();
    // Back from the sign-in page: focus the hashtag the user wanted to track again.
    effect(() => {
      if (!this.auth.resumed()) return;
      const tag = untracked(() => this.auth.takeResumed())?.tag;
      if (tag) untracked(() => this.state.selectTag(tag));
    });
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

  protected signIn(tag: string): void {
    this.busy.set(true);
    this.message.set(null);
    // Resolves only if the redirect could not start; the page is left otherwise.
    void this.auth.signIn({ tag }).then(() => this.busy.set(false));
  }

  protected signOut(): void {
    this.message.set(null);
    void this.auth.signOut();
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
        this.busy.set(false);
        if (error.status === 401 && this.auth.enabled) {
          void this.auth.sessionEnded();
          return;
        }
        this.message.set(refusal(error, this.auth.enabled));
      },
    });
  }
}

function refusal(error: { status?: number; message?: string }, signInConfigured: boolean): string {
  if (error.status === 403 && signInConfigured) {
    return 'Your account may not change tracking (the sign-in lacks the tracks/write scope).';
  }
  if (error.status === 401 || error.status === 403) {
    // A stack whose dashboard config.json predates sign-in: redeploying the dashboard fixes it.
    return 'Tracking needs sign-in, which this dashboard is not set up for: run `npm run deploy:dashboard`.';
  }
  return `Could not change tracking: ${error.message ?? 'unknown error'}`;
}
