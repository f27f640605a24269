import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { Chart, LinearScale, type ChartData, type ChartOptions, type Plugin } from 'chart.js';
import { WordCloudController, WordElement } from 'chartjs-chart-wordcloud';
import { BaseChartDirective } from 'ng2-charts';
import { ApiService, type TermsQuery } from '../core/api.service';
import type { Sentiment, TermItem } from '../core/api.types';
import { DashboardStateService } from '../core/dashboard-state.service';
import { pollResource } from '../core/poll';
import { WINDOW_PHRASES, formatCount } from '../shared/format';
import { SentimentLegend } from '../shared/sentiment-bar';
import { Segmented, type SegmentedOption } from '../shared/segmented';
import {
  WORD_FONT_FAMILY,
  WORD_FONT_WEIGHT,
  WORD_PADDING,
  faded,
  wordBoxes,
  wordColor,
  wordFontSizes,
  wordLabel,
  wordSentiment,
  type PlacedWord,
  type WordBox,
} from './word-layout';

Chart.register(WordCloudController, WordElement, LinearScale);

/** Words asked for: enough for a full cloud, few enough to stay readable on a phone. */
export const TERMS_LIMIT = 50;
/** Fewer than this many words placed of those asked: shrink the fonts and lay out again. */
const MAX_FIT_TRIES = 4;

type Mode = 'cloud' | 'list';

const MODES: readonly SegmentedOption<Mode>[] = [
  { value: 'cloud', label: 'Cloud' },
  { value: 'list', label: 'List' },
];

/** The key to the words' colours (wordSentiment). */
const LEGEND: Record<Sentiment, string> = {
  POSITIVE: 'Mostly positive',
  NEUTRAL: 'Neutral or balanced',
  NEGATIVE: 'Mostly negative',
  MIXED: 'Mostly mixed',
};

const sameWords = (a: readonly TermItem[], b: readonly TermItem[]): boolean =>
  a.length === b.length && a.every((w, i) => JSON.stringify(w) === JSON.stringify(b[i]));

const sameBoxes = (a: readonly WordBox[], b: readonly WordBox[]): boolean =>
  JSON.stringify(a) === JSON.stringify(b);

/**
 * The most used words of the focused hashtag's posts (or of all posts) in the selected window,
 * from GET /terms: sized by the posts that use them, coloured by what those posts mostly feel
 * (word-layout.ts, wordSentiment). Picking a word (click, or Enter on its button) filters the
 * recent posts.
 *
 * The canvas only draws. Each placed word is covered by a transparent button, so words are
 * clickable, reachable with Tab and read out as a list, largest first; the List view shows every
 * word with its count, for anyone who prefers a list to a cloud.
 */
@Component({
  selector: 'app-word-cloud',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [BaseChartDirective, SentimentLegend, Segmented],
  host: { class: 'panel' },
  templateUrl: './word-cloud.html',
  styleUrl: './word-cloud.scss',
})
export class WordCloud {
  protected readonly state = inject(DashboardStateService);
  private readonly api = inject(ApiService);
  protected readonly format = formatCount;
  protected readonly legend = LEGEND;
  protected readonly modeOptions = MODES;

  protected readonly terms = pollResource({
    source: 'terms',
    params: (): TermsQuery => {
      const tag = this.state.selectedTag();
      return { window: this.state.window(), limit: TERMS_LIMIT, ...(tag ? { tag } : {}) };
    },
    load: (query) => this.api.terms(query),
  });

  protected readonly mode = signal<Mode>('cloud');
  /** The last answer's words; an equal answer keeps the same array, so the cloud stays still. */
  protected readonly words = computed(() => this.terms.value()?.items ?? [], { equal: sameWords });
  /** The words with what the views show of them: spoken label, sentiment, share of the most used. */
  protected readonly rows = computed(() => {
    const most = this.words()[0]?.posts ?? 0;
    return this.words().map((w) => ({
      ...w,
      label: wordLabel(w),
      sentiment: wordSentiment(w),
      share: most > 0 ? w.posts / most : 0,
    }));
  });
  protected readonly picked = this.state.term;

  protected readonly subject = computed(() => {
    const tag = this.state.selectedTag();
    return tag === null ? 'all posts' : `#${tag}`;
  });
  /** Feeds keep 7 days, so "all time" reads the last 7 days (docs/openapi.yaml, GET /terms). */
  protected readonly windowPhrase = computed(() => {
    const window = this.state.window();
    return window === 'all' ? WINDOW_PHRASES['7d'] : WINDOW_PHRASES[window];
  });
  protected readonly sampled = computed(() => this.terms.value()?.sampledPosts ?? 0);

  protected readonly chartData = computed((): ChartData<'wordCloud', number[], string> => ({
    labels: this.words().map((w) => w.term),
    datasets: [{ data: this.words().map((w) => w.posts) }],
  }));

  protected readonly options = computed((): ChartOptions<'wordCloud'> => {
    const picked = this.picked();
    return {
      responsive: true,
      maintainAspectRatio: false,
      // Refreshes every few seconds; words flying about each time would be restless.
      animation: false,
      // The buttons over the words take the pointer; the canvas only draws.
      events: [],
      plugins: { legend: { display: false }, tooltip: { enabled: false } },
      datasets: {
        wordCloud: {
          fit: false,
          // A word that finds no room is dropped at once; the fitting plugin shrinks and retries.
          autoGrow: { maxTries: 0, scalingFactor: 1 },
          // One seed, so the same words land in the same places on every refresh.
          randomRotationSeed: 'words',
        },
      },
      elements: {
        word: {
          // Level words only: the buttons over them are level boxes, and level words read best.
          rotate: 0,
          minRotation: 0,
          maxRotation: 0,
          rotationSteps: 1,
          padding: WORD_PADDING,
          family: WORD_FONT_FAMILY,
          weight: WORD_FONT_WEIGHT,
          size: (ctx) => this.sizes[ctx.dataIndex] ?? 12,
          color: (ctx) => {
            const word = this.words()[ctx.dataIndex];
            if (!word) return 'transparent';
            const color = wordColor(word);
            return picked === null || picked === word.term ? color : faded(color, 0.3);
          },
        },
      },
    };
  });

  /** Where the words landed on the canvas: the buttons that cover them. */
  private readonly boxes = signal<WordBox[]>([], { equal: sameBoxes });
  protected readonly placed = computed(() =>
    this.boxes().flatMap((box) => {
      const row = this.rows()[box.index];
      return row ? [{ ...box, ...row }] : [];
    }),
  );

  /** Font sizes for the canvas' current size; shrunk by `fit` while words are dropped. */
  private sizes: number[] = [];
  private fit = { key: '', scale: 1, tries: 0 };

  protected readonly plugins: Plugin<'wordCloud'>[] = [
    {
      id: 'wordCloudFit',
      beforeUpdate: (chart) => {
        const words = this.words();
        const key = `${chart.width}x${chart.height}:${words.map((w) => `${w.term}=${w.posts}`)}`;
        if (key !== this.fit.key) this.fit = { key, scale: 1, tries: 0 };
        this.sizes = wordFontSizes(words, chart.width, chart.height).map((s) => s * this.fit.scale);
      },
      afterUpdate: (chart) => {
        const { boxes, dropped } = wordBoxes(placedWords(chart), (text, size) =>
          measure(chart.ctx, text, size),
        );
        if (dropped.length > 0 && this.fit.tries < MAX_FIT_TRIES) {
          this.fit = { ...this.fit, scale: this.fit.scale * 0.85, tries: this.fit.tries + 1 };
          // Not from inside this update: Chart.js does not expect one update within another.
          queueMicrotask(() => chart.update());
        }
        this.boxes.set(boxes);
      },
    },
  ];

  protected setMode(mode: Mode): void {
    this.mode.set(mode);
  }

  /** Picking the picked word again clears the filter, as with hashtags. */
  protected pick(term: string): void {
    this.state.term.update((current) => (current === term ? null : term));
  }
}

function placedWords(chart: Chart<'wordCloud'>): PlacedWord[] {
  const elements = chart.getDatasetMeta(0).data as unknown as WordElement[];
  return elements.map((element) => {
    const p = element.getProps(['x', 'y', 'scale', 'text'], true);
    return { x: p.x, y: p.y, scale: p.scale, text: p.text, size: Number(element.options.size) };
  });
}

function measure(ctx: CanvasRenderingContext2D, text: string, size: number) {
  ctx.save();
  ctx.font = `${WORD_FONT_WEIGHT} ${size}px ${WORD_FONT_FAMILY}`;
  const m = ctx.measureText(text);
  ctx.restore();
  return {
    width: m.width,
    ascent: m.fontBoundingBoxAscent || size * 0.8,
    descent: m.fontBoundingBoxDescent || size * 0.22,
  };
}
