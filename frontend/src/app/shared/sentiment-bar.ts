import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { SentimentShares } from './sentiment';

/**
 * A stacked bar of the sentiment split (positive, neutral, negative, mixed), in the dashboard's
 * sentiment colours; an empty track when nothing is scored. The label is its spoken form.
 */
@Component({
  selector: 'app-sentiment-bar',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: {
    class: 'bar',
    role: 'img',
    'data-testid': 'sentiment-bar',
    '[attr.aria-label]': 'label()',
    '[attr.title]': 'label()',
  },
  template: `
    @if (scored()) {
      <span class="bar__seg bar__seg--pos" [style.flex-grow]="shares().positive"></span>
      <span class="bar__seg bar__seg--neu" [style.flex-grow]="shares().neutral"></span>
      <span class="bar__seg bar__seg--neg" [style.flex-grow]="shares().negative"></span>
      <span class="bar__seg bar__seg--mix" [style.flex-grow]="shares().mixed"></span>
    }
  `,
  styles: `
    :host {
      display: flex;
      gap: 1px;
      height: 10px;
      overflow: hidden;
      border-radius: 3px;
      background: var(--neu-tint);
    }

    .bar__seg {
      flex-basis: 0;
      min-width: 0;

      &--pos {
        background: var(--pos);
      }
      &--neu {
        background: var(--neu);
      }
      &--neg {
        background: var(--neg);
      }
      &--mix {
        background: var(--mix);
      }
    }
  `,
})
export class SentimentBar {
  readonly shares = input.required<SentimentShares>();
  readonly label = input.required<string>();

  protected readonly scored = computed(() => {
    const s = this.shares();
    return s.positive + s.neutral + s.negative + s.mixed > 0;
  });
}

/** The key to the bars' colours, for sighted users (each bar carries its own spoken label). */
@Component({
  selector: 'app-sentiment-legend',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { class: 'legend', 'aria-hidden': 'true' },
  template: `
    <span><i class="legend__swatch legend__swatch--pos"></i>Positive</span>
    <span><i class="legend__swatch legend__swatch--neu"></i>Neutral</span>
    <span><i class="legend__swatch legend__swatch--neg"></i>Negative</span>
    <span><i class="legend__swatch legend__swatch--mix"></i>Mixed</span>
  `,
  styles: `
    :host {
      display: flex;
      flex-wrap: wrap;
      gap: 4px 14px;
      margin-top: 10px;
      color: var(--text-muted);
      font-size: 12px;
    }

    span {
      display: inline-flex;
      align-items: center;
      gap: 5px;
    }

    .legend__swatch {
      width: 10px;
      height: 10px;
      border-radius: 2px;

      &--pos {
        background: var(--pos);
      }
      &--neu {
        background: var(--neu);
      }
      &--neg {
        background: var(--neg);
      }
      &--mix {
        background: var(--mix);
      }
    }
  `,
})
export class SentimentLegend {}
