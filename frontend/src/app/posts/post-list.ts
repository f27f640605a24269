import {
  ChangeDetectionStrategy,
  Component,
  computed,
  inject,
  linkedSignal,
  signal,
} from '@angular/core';
import { ApiService, type PostsQuery } from '../core/api.service';
import { SENTIMENTS, type Sentiment } from '../core/api.types';
import { DashboardStateService } from '../core/dashboard-state.service';
import { pollResource } from '../core/poll';
import { RefreshService } from '../core/refresh.service';
import { NOT_SCORED_LEGEND, SENTIMENT_LABELS } from '../shared/sentiment';
import { normalizeHashtag, parsePostFilter, tagLabel } from '../shared/tags';
import { toPostView } from './post-view';

export const POSTS_LIMIT = 20;

@Component({
  selector: 'app-post-list',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { class: 'panel' },
  templateUrl: './post-list.html',
  styleUrl: './post-list.scss',
})
export class PostList {
  private readonly state = inject(DashboardStateService);
  private readonly api = inject(ApiService);
  private readonly refresh = inject(RefreshService);

  protected readonly limit = POSTS_LIMIT;
  protected readonly sentiments = SENTIMENTS;
  protected readonly sentimentLabels = SENTIMENT_LABELS;
  protected readonly notScoredLegend = NOT_SCORED_LEGEND;

  /** The applied filter text; follows the selected hashtag until the user filters by hand. */
  protected readonly filter = linkedSignal(() => {
    const tag = this.state.selectedTag();
    return tag ? tagLabel(tag) : '';
  });
  /** What is in the box, applied on Enter or when the box loses focus. */
  protected readonly draft = linkedSignal(() => this.filter());
  protected readonly sentiment = signal<Sentiment | ''>('');
  protected readonly invalid = signal(false);

  private readonly query = computed((): PostsQuery => {
    const parsed = parsePostFilter(this.filter());
    const sentiment = this.sentiment() || undefined;
    return {
      limit: POSTS_LIMIT,
      ...(parsed.kind === 'tag' ? { tag: parsed.tag } : {}),
      ...(parsed.kind === 'cashtag' ? { cashtag: parsed.cashtag } : {}),
      ...(sentiment ? { sentiment } : {}),
    };
  });

  protected readonly posts = pollResource({
    source: 'posts',
    params: () => this.query(),
    load: (query) => this.api.posts(query),
  });

  protected readonly views = computed(() => {
    const now = this.refresh.now();
    return (this.posts.value()?.items ?? []).map((post) => toPostView(post, now));
  });

  protected readonly filterLabel = computed(() => {
    const q = this.query();
    return q.tag ? tagLabel(q.tag) : (q.cashtag ?? null);
  });

  protected onDraft(value: string): void {
    this.draft.set(value);
    this.invalid.set(false);
  }

  protected apply(event?: Event): void {
    event?.preventDefault();
    const text = this.draft().trim();
    const parsed = parsePostFilter(text);
    this.invalid.set(parsed.kind === 'invalid');
    if (parsed.kind !== 'invalid') this.filter.set(text);
  }

  protected clearFilter(): void {
    this.invalid.set(false);
    this.draft.set('');
    this.filter.set('');
  }

  protected setSentiment(value: string): void {
    this.sentiment.set(
      (SENTIMENTS as readonly string[]).includes(value) ? (value as Sentiment) : '',
    );
  }

  /** A hashtag in a post focuses the whole dashboard on it. */
  protected selectTag(tag: string): void {
    const key = normalizeHashtag(tag);
    if (key) this.state.selectTag(key);
  }

  protected filterCashtag(cashtag: string): void {
    this.draft.set(cashtag);
    this.apply();
  }
}
