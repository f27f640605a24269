import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { ApiHealthService } from '../core/api-health.service';
import { DashboardStateService } from '../core/dashboard-state.service';
import { RefreshService } from '../core/refresh.service';
import { absoluteTime, formatCount, formatRate, formatShare, timeAgo } from '../shared/format';
import { sentimentShares } from '../shared/sentiment';
import { LIVE_STATUS_LABELS, liveStatus } from './live-status';

@Component({
  selector: 'app-stats-header',
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './stats-header.html',
  styleUrl: './stats-header.scss',
})
export class StatsHeader {
  private readonly state = inject(DashboardStateService);
  private readonly health = inject(ApiHealthService);
  protected readonly refresh = inject(RefreshService);

  protected readonly stats = this.state.stats.value;
  /** Never answered and failing: dashes rather than skeletons that would promise data soon. */
  protected readonly unavailable = computed(
    () => this.stats() === undefined && this.state.stats.error() !== undefined,
  );

  protected readonly status = computed(() =>
    liveStatus({
      paused: this.refresh.paused(),
      hasError: this.health.hasError(),
      hasData: this.stats() !== undefined,
      newPosts: this.state.newPosts(),
    }),
  );
  protected readonly statusLabel = computed(() => LIVE_STATUS_LABELS[this.status()]);

  protected readonly kpis = computed(() => {
    const s = this.stats();
    if (!s) return null;
    const shares = sentimentShares(s);
    return {
      posts: formatCount(s.posts),
      positive: formatShare(shares.positive),
      negative: formatShare(shares.negative),
      rate: formatRate(s.postsPerMinute),
      lastPost: timeAgo(s.lastPostAt, this.refresh.now()),
      lastPostTitle: absoluteTime(s.lastPostAt),
    };
  });
}
