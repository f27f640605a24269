import { Injectable, inject, linkedSignal, signal } from '@angular/core';
import { tap } from 'rxjs';
import type { Granularity, StatsResponse, TimeWindow } from './api.types';
import { ApiService, type HashtagSort } from './api.service';
import { pollResource } from './poll';
import { RefreshService } from './refresh.service';

export type TopN = 5 | 10 | 25;
export const TOP_N_OPTIONS: readonly TopN[] = [5, 10, 25];

/**
 * The user's choices, shared by every view: the selected (focused) hashtag, the time window,
 * the table's sort and size, and the chart's granularity. Views read these signals; only user
 * actions write them, so a refresh never resets a selection.
 */
@Injectable({ providedIn: 'root' })
export class DashboardStateService {
  private readonly api = inject(ApiService);
  private readonly refresh = inject(RefreshService);

  /** Hashtag key (lower case, no '#') the timeline and posts follow; null = all posts. */
  readonly selectedTag = signal<string | null>(null);
  readonly window = signal<TimeWindow>('24h');
  readonly sort = signal<HashtagSort>('mentions');
  readonly topN = signal<TopN>(10);
  readonly granularity = signal<Granularity>('minute');
  /**
   * A word picked in the word cloud: the recent posts show only posts that use it. Cleared when
   * the focus changes, as the cloud it came from is then gone.
   */
  readonly term = linkedSignal<string | null, string | null>({
    source: this.selectedTag,
    computation: () => null,
  });

  private lastPostCount: number | undefined;
  private readonly newPostsState = signal(0);
  /** Posts counted between the last two refreshes: what makes the live indicator green. */
  readonly newPosts = this.newPostsState.asReadonly();

  /** Totals for the header and the empty state; also the dashboard's liveness probe. */
  readonly stats = pollResource<null, StatsResponse>({
    source: 'stats',
    params: () => null,
    load: () =>
      this.api.stats().pipe(
        tap((stats) => {
          const previous = this.lastPostCount;
          // The first answer has nothing to compare with; any posts at all count as news.
          this.newPostsState.set(previous === undefined ? stats.posts : stats.posts - previous);
          this.lastPostCount = stats.posts;
          this.refresh.setWaitingForPosts(stats.posts === 0);
        }),
      ),
  });

  /** Selecting the selected tag again clears the selection (a toggle, as in most dashboards). */
  toggleTag(tag: string): void {
    this.selectedTag.update((current) => (current === tag ? null : tag));
  }

  selectTag(tag: string | null): void {
    this.selectedTag.set(tag);
  }
}
