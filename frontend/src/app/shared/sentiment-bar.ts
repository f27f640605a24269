import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { SENTIMENTS, type Sentiment } from '../core/api.types';
import { SENTIMENT_LABELS, type SentimentShares } from './sentiment';

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
      <span class="bar__seg bar__seg--POSITIVE" [style.flex-grow]="shares().positive"></span>
      <span class="bar__seg bar__seg--NEUTRAL" [style.flex-grow]="shares().neutral"></span>
      <span class="bar__seg bar__seg--NEGATIVE" [style.flex-grow]="shares().negative"></span>
      <span class="bar__seg bar__seg--MIXED" [style.flex-grow]="shares().mixed"></span>
    }
  `,
  styleUrl: './sentiment-bar.scss',
})
export class SentimentBar {
  readonly shares = input.required<SentimentShares>();
  readonly label = input.required<string>();

  protected readonly scored = computed(() => {
    const s = this.shares();
    return s.positive + s.neutral + s.negative + s.mixed > 0;
  });
}

/**
 * The key to the sentiment colours, for sighted users (each bar or word carries its own spoken
 * label). `shade: 'text'` keys words drawn in the text shades (the word cloud), with its own
 * labels.
 */
@Component({
  selector: 'app-sentiment-legend',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { class: 'legend', 'aria-hidden': 'true', '[class.is-text]': "shade() === 'text'" },
  template: `
    @for (s of sentiments; track s) {
      <span><i class="legend__swatch legend__swatch--{{ s }}"></i>{{ labels()[s] }}</span>
    }
  `,
  styleUrl: './sentiment-legend.scss',
})
export class SentimentLegend {
  readonly labels = input<Record<Sentiment, string>>(SENTIMENT_LABELS);
  readonly shade = input<'fill' | 'text'>('fill');
  protected readonly sentiments = SENTIMENTS;
}
