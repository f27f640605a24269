import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import {
  CategoryScale,
  Chart,
  Legend,
  LineController,
  LineElement,
  LinearScale,
  PointElement,
  Tooltip,
  type ChartOptions,
} from 'chart.js';
import { BaseChartDirective } from 'ng2-charts';
import { ApiService } from '../core/api.service';
import { ALL_POSTS_TAG, GRANULARITIES, type Granularity } from '../core/api.types';
import { DashboardStateService } from '../core/dashboard-state.service';
import { pollResource } from '../core/poll';
import { formatCount } from '../shared/format';
import { Segmented, type SegmentedOption } from '../shared/segmented';
import { tagLabel } from '../shared/tags';
import { toChartData, timelineTotals } from './timeline-chart-data';
import { RANGE_LABELS, timelineRange } from './timeline-range';

// Only what a line chart with tooltips and a legend needs, so the lazy chunk stays small.
Chart.register(
  LineController,
  LineElement,
  PointElement,
  LinearScale,
  CategoryScale,
  Tooltip,
  Legend,
);

const GRANULARITY_LABELS: Record<Granularity, string> = {
  minute: 'Minute',
  hour: 'Hour',
  day: 'Day',
};

const CHART_OPTIONS: ChartOptions<'line'> = {
  responsive: true,
  maintainAspectRatio: false,
  // Refreshes replace the data every few seconds; animating each one would look restless.
  animation: false,
  interaction: { mode: 'index', intersect: false },
  plugins: {
    legend: {
      position: 'bottom',
      labels: {
        usePointStyle: true,
        pointStyle: 'line',
        boxWidth: 24,
        color: '#4b5563',
        padding: 16,
      },
    },
    tooltip: {
      mode: 'index',
      intersect: false,
      backgroundColor: '#1b2330',
      padding: 10,
      boxPadding: 4,
      usePointStyle: true,
    },
  },
  scales: {
    x: {
      grid: { display: false },
      ticks: { color: '#4b5563', maxRotation: 0, autoSkip: true, maxTicksLimit: 8 },
      border: { color: '#cfd5de' },
    },
    y: {
      beginAtZero: true,
      grid: { color: '#eceff3' },
      border: { display: false },
      ticks: { color: '#4b5563', precision: 0, maxTicksLimit: 6 },
    },
  },
};

@Component({
  selector: 'app-sentiment-chart',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [BaseChartDirective, Segmented],
  host: { class: 'panel' },
  templateUrl: './sentiment-chart.html',
  styleUrl: './sentiment-chart.scss',
})
export class SentimentChart {
  protected readonly state = inject(DashboardStateService);
  private readonly api = inject(ApiService);

  protected readonly granularityOptions: readonly SegmentedOption<Granularity>[] =
    GRANULARITIES.map((g) => ({ value: g, label: GRANULARITY_LABELS[g], spoken: `Per ${g}` }));
  protected readonly options = CHART_OPTIONS;
  protected readonly format = formatCount;

  protected readonly timeline = pollResource({
    source: 'timeline',
    params: () => ({
      tag: this.state.selectedTag() ?? ALL_POSTS_TAG,
      granularity: this.state.granularity(),
    }),
    // The range is recomputed on every poll so the chart keeps sliding forward.
    load: ({ tag, granularity }) =>
      this.api.timeline({ tag, granularity, ...timelineRange(granularity, new Date()) }),
  });

  protected readonly subject = computed(() => {
    const tag = this.state.selectedTag();
    return tag === null ? 'all posts' : tagLabel(tag);
  });
  protected readonly rangeLabel = computed(() => RANGE_LABELS[this.state.granularity()]);

  /** The last answer; after a selection change it stays (dimmed) until the new one arrives. */
  private readonly current = this.timeline.value;

  protected readonly chartData = computed(() => {
    const response = this.current();
    return response ? toChartData(response.points, response.granularity) : null;
  });

  protected readonly totals = computed(() => {
    const response = this.current();
    return response ? timelineTotals(response.points) : null;
  });

  /** The chart's text alternative for screen readers (the canvas itself says nothing). */
  protected readonly summary = computed(() => {
    const totals = this.totals();
    const head = `Sentiment of ${this.subject()} per ${this.state.granularity()}, ${this.rangeLabel()}`;
    if (!totals) return `${head}: loading.`;
    return (
      `${head}: ${formatCount(totals.positive)} positive, ${formatCount(totals.neutral)} neutral, ` +
      `${formatCount(totals.negative)} negative, ${formatCount(totals.mixed)} mixed.`
    );
  });

  protected setGranularity(value: Granularity): void {
    this.state.granularity.set(value);
  }
}
