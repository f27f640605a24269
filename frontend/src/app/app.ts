import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { ApiHealthService } from './core/api-health.service';
import { APP_CONFIG } from './core/config';
import { DashboardStateService } from './core/dashboard-state.service';
import { RefreshService } from './core/refresh.service';
import { HashtagTable } from './hashtags/hashtag-table';
import { HistoryView } from './history/history-view';
import { type DashboardView, ViewSwitch } from './history/view-switch';
import { Breakdown } from './breakdown/breakdown';
import { StatsHeader } from './header/stats-header';
import { SentimentMap } from './map/sentiment-map';
import { PostList } from './posts/post-list';
import { WordCloud } from './terms/word-cloud';
import { SentimentChart } from './timeline/sentiment-chart';
import { TrackButton } from './toolbar/track-button';
import { FocusToolbar } from './toolbar/focus-toolbar';

@Component({
  selector: 'app-root',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    StatsHeader,
    FocusToolbar,
    TrackButton,
    HashtagTable,
    PostList,
    SentimentChart,
    SentimentMap,
    WordCloud,
    Breakdown,
    ViewSwitch,
    HistoryView,
  ],
  templateUrl: './app.html',
  styleUrl: './app.scss',
})
export class App {
  private readonly state = inject(DashboardStateService);
  private readonly health = inject(ApiHealthService);
  protected readonly apiBaseUrl = inject(APP_CONFIG).apiBaseUrl;
  protected readonly intervalSeconds = Math.round(inject(RefreshService).intervalMs / 1000);
  /** Live (the polled aggregates) or History (named queries over the corpus, loaded on demand). */
  protected readonly view = signal<DashboardView>('live');

  /**
   * Before the first /stats answer the panels are not created, so they send no request yet: a
   * stack that has counted nothing (a new `npm start`) then shows the empty state after one
   * request instead of one per panel, which on two cores held back the first posts' counting.
   */
  protected readonly awaitingStats = this.state.stats.firstLoad;

  /** The API answered and has counted nothing yet: explain how to get data instead of empty panels. */
  protected readonly empty = computed(() => this.state.stats.value()?.posts === 0);

  protected readonly hasError = this.health.hasError;
  protected readonly hasData = computed(() => this.state.stats.value() !== undefined);

  /** One calm sentence for the banner: what failed, and what the dashboard does about it. */
  protected readonly banner = computed(() => {
    const errors = this.health.errors();
    // Unreachable beats a single bad request: it explains every other failure too.
    const worst = errors.find((e) => e.unreachable) ?? errors[0];
    const reason = (worst?.message ?? 'Unknown error').replace(/\.+$/, '');
    const keeping = this.hasData() ? 'Showing the last data received; retrying' : 'Retrying';
    return {
      title: worst?.unreachable
        ? `Can't reach the API at ${this.apiBaseUrl}.`
        : 'The API returned an error.',
      detail: `${reason}. ${keeping} every ${this.intervalSeconds} s.`,
    };
  });
}
