import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { map } from 'rxjs';
import { ApiService } from '../core/api.service';
import { DashboardStateService } from '../core/dashboard-state.service';
import { pollResource } from '../core/poll';
import { WINDOW_PHRASES } from '../shared/format';
import { SentimentBar, SentimentLegend } from '../shared/sentiment-bar';
import { Segmented } from '../shared/segmented';
import { toBreakdownRows, type BreakdownKind } from './breakdown-rows';

const KINDS: readonly { kind: BreakdownKind; label: string; noun: string }[] = [
  { kind: 'languages', label: 'Languages', noun: 'language' },
  { kind: 'sources', label: 'Sources', noun: 'source' },
];

/**
 * Posts per language (GET /languages) or per source (GET /sources) in the selected window, each
 * with its share of the window's posts and its sentiment split. Only the kind shown is polled.
 */
@Component({
  selector: 'app-breakdown',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [SentimentBar, SentimentLegend, Segmented],
  host: { class: 'panel', 'data-testid': 'breakdown' },
  templateUrl: './breakdown.html',
  styleUrl: './breakdown.scss',
})
export class Breakdown {
  protected readonly state = inject(DashboardStateService);
  private readonly api = inject(ApiService);

  protected readonly kindOptions = KINDS.map((k) => ({ value: k.kind, label: k.label }));
  protected readonly kind = signal<BreakdownKind>('languages');

  protected readonly breakdown = pollResource({
    source: 'breakdown',
    params: () => ({ kind: this.kind(), window: this.state.window() }),
    // The answer carries its kind: after a switch, the last rows stay (dimmed) with their own names.
    load: ({ kind, window }) =>
      (kind === 'languages' ? this.api.languages(window) : this.api.sources(window)).pipe(
        map((response) => ({ kind, items: response.items })),
      ),
  });

  protected readonly rows = computed(() => {
    const value = this.breakdown.value();
    return value ? toBreakdownRows(value.kind, value.items) : [];
  });
  protected readonly noun = computed(
    () => KINDS.find((k) => k.kind === this.kind())?.noun ?? 'language',
  );
  protected readonly windowPhrase = computed(() => WINDOW_PHRASES[this.state.window()]);

  protected setKind(kind: BreakdownKind): void {
    this.kind.set(kind);
  }
}
