import { DOCUMENT } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartOptions,
} from 'chart.js';
import { BaseChartDirective } from 'ng2-charts';
import { of, switchMap } from 'rxjs';
import { ApiService } from '../core/api.service';
import { tagLabel } from '../shared/tags';
import { downloadCsv, toCsv } from './csv';
import { historyChart } from './history-chart-data';
import { formatBytes, formatUsd } from './history-format';
import type { HistoryQueryInfo } from './history-queries';
import { runHistory, type HistoryRun } from './history-run';

Chart.register(
  BarController,
  BarElement,
  LineController,
  LineElement,
  PointElement,
  CategoryScale,
  LinearScale,
  Tooltip,
  Legend,
);

/** What the History view asks every card to run. */
export interface HistoryRequest {
  tag: string;
  from: string;
  to: string;
  /** Bumped by "Run", so the same parameters can run again. */
  run: number;
}

type CardState = HistoryRun | { state: 'needs-tag' };

/** One named query of the History view: its run, its chart, its cost and a CSV download. */
@Component({
  selector: 'app-history-card',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [BaseChartDirective],
  host: { class: 'panel' },
  templateUrl: './history-card.html',
  styleUrl: './history-card.scss',
})
export class HistoryCard {
  private readonly api = inject(ApiService);
  private readonly document = inject(DOCUMENT);

  readonly info = input.required<HistoryQueryInfo>();
  readonly request = input.required<HistoryRequest>();

  protected readonly run = toSignal(
    toObservable(computed(() => ({ info: this.info(), request: this.request() }))).pipe(
      switchMap(({ info, request }) =>
        info.needsTag && request.tag === ''
          ? of<CardState>({ state: 'needs-tag' })
          : runHistory((q) => this.api.history(q), {
              query: info.name,
              from: request.from,
              to: request.to,
              ...(info.needsTag ? { tag: request.tag } : {}),
            }),
      ),
    ),
    { initialValue: { state: 'running', polls: 0 } as CardState },
  );

  protected readonly response = computed(() => {
    const run = this.run();
    return run.state === 'done' ? run.response : undefined;
  });

  protected readonly chart = computed(() => {
    const r = this.response();
    return r && (r.rows?.length ?? 0) > 0 ? historyChart(this.info().name, r) : undefined;
  });

  protected readonly options = computed((): ChartOptions => {
    const chart = this.chart();
    const stacked = chart?.stacked ?? false;
    return {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      indexAxis: chart?.indexAxis ?? 'x',
      interaction: { mode: 'index', intersect: false },
      plugins: { legend: { position: 'bottom', labels: { boxWidth: 12, color: '#4b5563' } } },
      scales: {
        x: { stacked, ticks: { color: '#4b5563', maxRotation: 0, autoSkip: true, precision: 0 } },
        // A ranking (horizontal bars) names every bar; a time axis may skip labels.
        y: {
          stacked,
          beginAtZero: true,
          ticks: { color: '#4b5563', precision: 0, autoSkip: chart?.indexAxis !== 'y' },
        },
      },
    };
  });

  protected readonly subtitle = computed(() => {
    const { tag, from, to } = this.request();
    const range = from === to ? from : `${from} to ${to}`;
    return this.info().needsTag && tag ? `${tagLabel(tag)} · ${range}` : range;
  });

  /** The cost note: Athena's bytes scanned and their price, or that DuckDB costs nothing. */
  protected readonly cost = computed(() => {
    const r = this.response();
    if (!r) return '';
    if (r.engine === 'duckdb') return 'DuckDB over the local corpus · no cost';
    const scanned = r.bytesScanned === null ? 'unknown' : formatBytes(r.bytesScanned);
    const usd = r.costUsd === null ? '' : ` · ${formatUsd(r.costUsd)} ($5 per TB, 10 MB minimum)`;
    return `Athena scanned ${scanned}${usd}`;
  });

  protected download(): void {
    const r = this.response();
    if (!r?.columns || !r.rows) return;
    const { from, to } = this.request();
    downloadCsv(this.document, `${this.info().name}_${from}_${to}.csv`, toCsv(r.columns, r.rows));
  }
}
