import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { DashboardStateService } from '../core/dashboard-state.service';
import { utcDay } from '../shared/format';
import { HistoryCard, type HistoryRequest } from './history-card';
import { HISTORY_QUERY_INFO } from './history-queries';

/** The last 7 days (UTC), today included: the API's own default. */
export function defaultRange(now: Date): { from: string; to: string } {
  return { from: utcDay(new Date(now.getTime() - 6 * 86_400_000)), to: utcDay(now) };
}

/**
 * The 7 days up to the newest post counted, when that post is older than the range asked for (a
 * recording replayed with its own dates lands in its own days): what to offer instead of an
 * empty page. Undefined otherwise.
 */
export function rangeOfNewest(
  lastPostAt: string | null | undefined,
  from: string,
): { from: string; to: string } | undefined {
  const newest = lastPostAt ? new Date(lastPostAt) : undefined;
  if (!newest || Number.isNaN(newest.getTime()) || utcDay(newest) >= from) return undefined;
  return defaultRange(newest);
}

/**
 * The History view: the named queries over the corpus for a hashtag and a date range, one chart
 * each. In AWS each run is an Athena query (it shows its bytes scanned and cost); locally DuckDB
 * answers over the local corpus.
 */
@Component({
  selector: 'app-history-view',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [HistoryCard],
  templateUrl: './history-view.html',
  styleUrl: './history-view.scss',
})
export class HistoryView {
  private readonly state = inject(DashboardStateService);
  protected readonly queries = HISTORY_QUERY_INFO;

  private readonly initial = defaultRange(new Date());
  protected readonly tag = signal(this.state.selectedTag() ?? '');
  protected readonly from = signal(this.initial.from);
  protected readonly to = signal(this.initial.to);
  protected readonly error = signal('');
  /** Offered when the newest post counted is older than the range the charts show. */
  protected readonly newest = computed(() =>
    rangeOfNewest(this.state.stats.value()?.lastPostAt, this.request().from),
  );
  protected readonly request = signal<HistoryRequest>({
    tag: this.tag(),
    ...this.initial,
    run: 0,
  });

  protected value(event: Event): string {
    return (event.target as HTMLInputElement).value;
  }

  protected showNewest(range: { from: string; to: string }): void {
    this.from.set(range.from);
    this.to.set(range.to);
    this.error.set('');
    this.request.update((r) => ({ ...r, ...range, run: r.run + 1 }));
  }

  protected submit(event: Event): void {
    event.preventDefault();
    const tag = this.tag().trim().replace(/^#/, '').toLowerCase();
    const from = this.from();
    const to = this.to();
    if (!from || !to) return this.error.set('Choose a first and a last day.');
    if (from > to) return this.error.set('The first day must be on or before the last day.');
    this.error.set('');
    this.request.update((r) => ({ tag, from, to, run: r.run + 1 }));
  }
}
