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

  private lastAnswer: Pick<StatsResponse, 'posts' | 'generatedAt'> | undefined;
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
          this.refresh.setWaitingForPosts(stats.posts === 0);
          const previous = this.lastAnswer;
          // The same answer again (kept by the API or the browser for its max-age, which is as
          // long as a refresh) says nothing about new posts: the indicator stays as it was,
          // instead of reading "No new posts" while the stream flows.
          if (previous?.generatedAt === stats.generatedAt) return;
          // The first answer has nothing to compare with; any posts at all count as news.
          this.newPostsState.set(
            previous === undefined ? stats.posts : stats.posts - previous.posts,
          );
          this.lastAnswer = { posts: stats.posts, generatedAt: stats.generatedAt };
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
