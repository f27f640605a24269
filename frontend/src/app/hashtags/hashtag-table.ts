import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { ApiService, type HashtagSort } from '../core/api.service';
import { DashboardStateService, TOP_N_OPTIONS, type TopN } from '../core/dashboard-state.service';
import { pollResource } from '../core/poll';
import { RefreshService } from '../core/refresh.service';
import { WINDOW_PHRASES, newestBeforeWindow } from '../shared/format';
import { SentimentBar, SentimentLegend } from '../shared/sentiment-bar';
import { tagLabel } from '../shared/tags';
import { toHashtagRows } from './hashtag-rows';

const SORT_LABELS: Record<HashtagSort, string> = {
  mentions: 'Mentions',
  positive: 'Positive share',
  negative: 'Negative share',
};

@Component({
  selector: 'app-hashtag-table',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [SentimentBar, SentimentLegend],
  host: { class: 'panel' },
  templateUrl: './hashtag-table.html',
  styleUrl: './hashtag-table.scss',
})
export class HashtagTable {
  protected readonly state = inject(DashboardStateService);
  private readonly api = inject(ApiService);
  private readonly refresh = inject(RefreshService);

  protected readonly sortOptions = Object.entries(SORT_LABELS) as [HashtagSort, string][];
  protected readonly topNOptions = TOP_N_OPTIONS;

  /** The server ranks by mentions; the table re-sorts client-side, so sorting never refetches. */
  protected readonly hashtags = pollResource({
    source: 'hashtags',
    params: () => ({ window: this.state.window(), limit: this.state.topN() }),
    load: (query) => this.api.hashtags({ ...query, sort: 'mentions' }),
  });

  protected readonly rows = computed(() => {
    const items = this.hashtags.value()?.items ?? [];
    return toHashtagRows(items, this.state.sort(), this.state.window() !== 'all');
  });

  protected readonly caption = computed(
    () =>
      `Top ${this.state.topN()} by mentions, ${WINDOW_PHRASES[this.state.window()]}` +
      (this.state.sort() === 'mentions'
        ? ''
        : `, sorted by ${SORT_LABELS[this.state.sort()].toLowerCase()}`),
  );

  /** The newest post counted is older than the window: the empty table says when it was. */
  protected readonly newestBefore = computed(() =>
    newestBeforeWindow(
      this.state.stats.value()?.lastPostAt,
      this.state.window(),
      this.refresh.now(),
    ),
  );

  /** The focused tag is not among the rows: say so instead of highlighting nothing silently. */
  protected readonly focusMissing = computed(() => {
    const tag = this.state.selectedTag();
    return (
      tag !== null && this.hashtags.value() !== undefined && !this.rows().some((r) => r.tag === tag)
    );
  });

  protected readonly selectedLabel = computed(() => {
    const tag = this.state.selectedTag();
    return tag === null ? '' : tagLabel(tag);
  });

  protected readonly skeletonRows = [1, 2, 3, 4, 5, 6];

  protected setSort(value: string): void {
    if (value in SORT_LABELS) this.state.sort.set(value as HashtagSort);
  }

  protected setTopN(value: string): void {
    const n = Number(value);
    if ((TOP_N_OPTIONS as readonly number[]).includes(n)) this.state.topN.set(n as TopN);
  }

  protected select(tag: string): void {
    this.state.toggleTag(tag);
  }
}
