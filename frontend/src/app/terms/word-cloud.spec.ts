import { HttpTestingController, type TestRequest } from '@angular/common/http/testing';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { By } from '@angular/platform-browser';
import { BaseChartDirective } from 'ng2-charts';
import { XSS, termItem, terms, termsResponse } from '../../testing/fixtures';
import { provideDashboardTesting } from '../../testing/test-providers';
import { DashboardStateService } from '../core/dashboard-state.service';
import { SENTIMENT_COLORS } from '../shared/sentiment';
import { TERMS_LIMIT, WordCloud } from './word-cloud';

describe('WordCloud', () => {
  let fixture: ComponentFixture<WordCloud>;
  let http: HttpTestingController;
  let state: DashboardStateService;

  const el = () => fixture.nativeElement as HTMLElement;
  const byTestId = (id: string) => el().querySelector<HTMLElement>(`[data-testid="${id}"]`);
  const termsRequest = (): TestRequest => http.expectOne((r) => r.url === '/api/terms');
  const listRows = () => [...el().querySelectorAll<HTMLButtonElement>('[data-testid="term-row"]')];

  async function render(): Promise<void> {
    fixture.detectChanges();
    await fixture.whenStable();
  }

  async function showList(): Promise<void> {
    const radio = el().querySelector<HTMLInputElement>('input[value="list"]')!;
    radio.checked = true;
    radio.dispatchEvent(new Event('change'));
    await render();
  }

  const wordColorOption = (index: number): unknown => {
    const directive = fixture.debugElement
      .query(By.directive(BaseChartDirective))
      .injector.get(BaseChartDirective);
    const color = directive.options?.elements?.word?.color as (ctx: object) => unknown;
    return color({ dataIndex: index });
  };

  beforeEach(async () => {
    TestBed.configureTestingModule({ providers: provideDashboardTesting() });
    http = TestBed.inject(HttpTestingController);
    state = TestBed.inject(DashboardStateService);
    fixture = TestBed.createComponent(WordCloud);
    await render();
  });

  afterEach(() => {
    http.match('/api/stats');
    http.verify();
  });

  it('shows a skeleton, then the words of all posts in the window', async () => {
    expect(el().querySelector('.cloud__skeleton')).not.toBeNull();
    const req = termsRequest();
    expect(req.request.params.get('window')).toBe('24h');
    expect(req.request.params.get('limit')).toBe(String(TERMS_LIMIT));
    expect(req.request.params.has('tag')).toBe(false);
    req.flush(termsResponse(terms('release', 'outage', 'lambda')));
    await render();
    expect(el().querySelector('.cloud__skeleton')).toBeNull();
    expect(byTestId('word-cloud')).not.toBeNull();
    expect(byTestId('words-subject')?.textContent).toBe('all posts');
    const directive = fixture.debugElement
      .query(By.directive(BaseChartDirective))
      .injector.get(BaseChartDirective);
    expect(directive.type).toBe('wordCloud');
    // Level words: the buttons over them are level boxes.
    expect(directive.options?.elements?.word?.maxRotation).toBe(0);
    expect(directive.options?.elements?.word?.minRotation).toBe(0);
    expect(directive.data?.labels).toEqual(['release', 'outage', 'lambda']);
    expect(directive.data?.datasets[0]?.data).toEqual([20, 19, 18]);
    expect(byTestId('words-foot')?.textContent).toContain('From 120 sampled posts');
  });

  it('follows the focused hashtag and the time window', async () => {
    const first = termsRequest();
    state.selectTag('aws');
    state.window.set('1h');
    await render();
    expect(first.cancelled).toBe(true);
    const req = termsRequest();
    expect(req.request.urlWithParams).toBe(`/api/terms?window=1h&tag=aws&limit=${TERMS_LIMIT}`);
    req.flush(termsResponse(terms('lambda'), { window: '1h', tag: 'aws' }));
    await render();
    expect(byTestId('words-subject')?.textContent).toBe('#aws');
    expect(el().querySelector('.panel__subtitle')?.textContent).toContain('last hour');
  });

  it('reads all time as the last 7 days, as the feeds keep no more', async () => {
    termsRequest().flush(termsResponse(terms('a')));
    state.window.set('all');
    await render();
    termsRequest().flush(termsResponse(terms('a'), { window: 'all' }));
    await render();
    expect(el().querySelector('.panel__subtitle')?.textContent).toContain('last 7 days');
  });

  it('colours each word by its sentiment and fades the others when one is picked', async () => {
    termsRequest().flush(
      termsResponse([
        termItem('great', 10, { positive: 8, negative: 1, neutral: 1 }),
        termItem('outage', 8, { positive: 0, negative: 6, neutral: 2 }),
      ]),
    );
    await render();
    expect(wordColorOption(0)).toBe(SENTIMENT_COLORS.POSITIVE.text);
    expect(wordColorOption(1)).toBe(SENTIMENT_COLORS.NEGATIVE.text);
    expect(byTestId('words-legend')?.textContent).toContain('Mostly positive');

    state.term.set('outage');
    await render();
    expect(wordColorOption(0)).toBe('rgba(0, 90, 156, 0.3)');
    expect(wordColorOption(1)).toBe(SENTIMENT_COLORS.NEGATIVE.text);
  });

  it('lists the words with their counts and sentiment, and a picked word filters the posts', async () => {
    termsRequest().flush(
      termsResponse([
        termItem('great', 10, { positive: 8, negative: 1, neutral: 1 }),
        termItem('outage', 5, { positive: 0, negative: 4, neutral: 1 }),
      ]),
    );
    await render();
    await showList();
    expect(listRows().map((b) => [b.dataset['term'], b.dataset['sentiment']])).toEqual([
      ['great', 'POSITIVE'],
      ['outage', 'NEGATIVE'],
    ]);
    expect(listRows()[1]?.getAttribute('aria-label')).toBe(
      'outage: 5 posts, 0% positive, 20% neutral, 80% negative',
    );

    listRows()[1]!.click();
    await render();
    expect(state.term()).toBe('outage');
    expect(listRows()[1]?.getAttribute('aria-pressed')).toBe('true');
    expect(byTestId('words-foot')?.textContent).toContain('Recent posts show only “outage”');

    // Picking it again shows all posts again.
    listRows()[1]!.click();
    await render();
    expect(state.term()).toBeNull();
  });

  it('forgets the picked word when the focus moves to another hashtag', async () => {
    termsRequest().flush(termsResponse(terms('great')));
    state.term.set('great');
    state.selectTag('aws');
    await render();
    expect(state.term()).toBeNull();
    termsRequest().flush(termsResponse([], { tag: 'aws' }));
  });

  it('says so when the window has no words, or when they cannot be read', async () => {
    termsRequest().flush(termsResponse([], { sampledPosts: 0 }));
    await render();
    expect(byTestId('words-empty')?.textContent).toContain('No words yet for all posts');

    state.window.set('1h');
    await render();
    termsRequest().flush({ message: 'boom' }, { status: 500, statusText: 'Server Error' });
    await render();
    expect(byTestId('words-empty')?.textContent).toContain('unavailable');
  });

  it('shows a word carrying markup as text', async () => {
    termsRequest().flush(termsResponse([termItem(XSS, 3)]));
    await render();
    await showList();
    expect(listRows()[0]?.textContent?.trim()).toBe(XSS);
    expect(el().querySelector('img, script')).toBeNull();
  });
});
