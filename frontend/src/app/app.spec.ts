import { HttpTestingController } from '@angular/common/http/testing';
import {
  DeferBlockBehavior,
  DeferBlockState,
  TestBed,
  type ComponentFixture,
} from '@angular/core/testing';
import {
  breakdownItem,
  breakdownResponse,
  hashtag,
  hashtagsResponse,
  locationsResponse,
  postsResponse,
  stats,
  timeline,
} from '../testing/fixtures';
import { TEST_INTERVAL_MS, provideDashboardTesting } from '../testing/test-providers';
import { App } from './app';
import { DashboardStateService } from './core/dashboard-state.service';

describe('App', () => {
  let fixture: ComponentFixture<App>;
  let http: HttpTestingController;

  const el = () => fixture.nativeElement as HTMLElement;
  const byTestId = (id: string) => el().querySelector<HTMLElement>(`[data-testid="${id}"]`);
  const liveStatus = () => byTestId('live-indicator')?.dataset['status'];

  /** Runs the refresh timers due within `ms`, then change detection (zoneless, no whenStable). */
  function advance(ms = 0): void {
    jest.advanceTimersByTime(ms);
    TestBed.tick();
  }

  /** Answers every open request of the main views (not the deferred chart, map and words). */
  function answerViews(): void {
    for (const req of http.match((r) => r.url === '/api/hashtags'))
      req.flush(hashtagsResponse([hashtag('aws')]));
    for (const req of http.match((r) => r.url === '/api/posts')) req.flush(postsResponse([]));
    for (const req of http.match((r) => r.url === '/api/languages' || r.url === '/api/sources'))
      req.flush(breakdownResponse([breakdownItem('en')]));
    advance();
  }

  beforeEach(() => {
    jest.useFakeTimers();
    TestBed.configureTestingModule({
      imports: [App],
      providers: provideDashboardTesting(),
      deferBlockBehavior: DeferBlockBehavior.Manual,
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(App);
    advance();
  });

  afterEach(() => {
    fixture.destroy();
    jest.useRealTimers();
  });

  it('shows the totals in the header', () => {
    http
      .expectOne('/api/stats')
      .flush(stats({ posts: 12_345, positive: 60, negative: 20, neutral: 20, mixed: 0 }));
    advance();
    expect(byTestId('kpi-posts')?.textContent).toBe('12,345');
    expect(byTestId('kpi-positive')?.textContent).toBe('60%');
    expect(byTestId('kpi-negative')?.textContent).toBe('20%');
    expect(byTestId('kpi-rate')?.textContent).toBe('42');
    expect(byTestId('kpi-last-post')?.textContent).toBe('just now');
  });

  it('explains how to get data when no post has arrived yet', () => {
    http
      .expectOne('/api/stats')
      .flush(stats({ posts: 0, positive: 0, negative: 0, neutral: 0, mixed: 0, lastPostAt: null }));
    advance();
    const empty = byTestId('empty-state');
    expect(empty?.textContent).toContain('No posts yet');
    expect(empty?.textContent).toContain('npm start');
    expect(byTestId('hashtag-table')).toBeNull();
    expect(el().querySelector('app-hashtag-table')).toBeNull();
  });

  it('shows an error banner while the API is unreachable, and clears it when it is back', () => {
    http.expectOne('/api/stats').error(new ProgressEvent('error'));
    answerViews();
    expect(byTestId('error-banner')?.textContent).toContain("Can't reach the API at /api");
    expect(liveStatus()).toBe('error');

    advance(TEST_INTERVAL_MS);
    http.expectOne('/api/stats').flush(stats());
    answerViews();
    expect(byTestId('error-banner')).toBeNull();
    expect(liveStatus()).toBe('live');
  });

  it('asks the panels for data only after the first /stats answer', () => {
    expect(byTestId('dashboard-loading')).not.toBeNull();
    expect(http.match((r) => r.url !== '/api/stats')).toHaveLength(0);
    http.expectOne('/api/stats').flush(stats({ posts: 0 }));
    advance();
    // Nothing counted yet: the empty state, and still no panel's request.
    expect(byTestId('empty-state')).not.toBeNull();
    expect(http.match((r) => r.url !== '/api/stats')).toHaveLength(0);
  });

  it('shows skeletons on the first load only', () => {
    http.expectOne('/api/stats').flush(stats());
    advance();
    expect(byTestId('dashboard-loading')).toBeNull();
    expect(byTestId('hashtags-loading')).not.toBeNull();
    answerViews();
    expect(byTestId('hashtags-loading')).toBeNull();

    advance(TEST_INTERVAL_MS);
    expect(byTestId('hashtags-loading')).toBeNull();
    expect(byTestId('hashtag-table')).not.toBeNull();
  });

  /**
   * After `wait` ms of refresh timers, answers the pending /stats request with `answer()` (made
   * then, so its generatedAt is the time of that refresh) and the views; returns the live status.
   */
  function refreshWith(answer: () => ReturnType<typeof stats>, wait = TEST_INTERVAL_MS) {
    advance(wait);
    http.expectOne('/api/stats').flush(answer());
    answerViews();
    return liveStatus();
  }

  it('keeps the live indicator as it was when the same (cached) stats answer comes again', () => {
    const first = stats({ posts: 10 });
    expect(refreshWith(() => first, 0)).toBe('live');
    expect(refreshWith(() => ({ ...first }))).toBe('live');
    expect(refreshWith(() => stats({ posts: 10 }))).toBe('idle');
  });

  it('turns the live indicator grey when no new posts arrived, and stops polling while paused', () => {
    expect(refreshWith(() => stats({ posts: 10 }), 0)).toBe('live');
    expect(refreshWith(() => stats({ posts: 10 }))).toBe('idle');

    const pause = byTestId('pause-button') as HTMLButtonElement;
    pause.click();
    advance();
    expect(liveStatus()).toBe('paused');
    expect(pause.getAttribute('aria-pressed')).toBe('true');
    expect(pause.textContent).toContain('Resume');

    advance(10 * TEST_INTERVAL_MS);
    expect(http.match(() => true)).toEqual([]);

    pause.click();
    advance();
    expect(http.match('/api/stats')).toHaveLength(1);
    expect(http.match((r) => r.url === '/api/hashtags')).toHaveLength(1);
  });

  it('propagates a hashtag selected in the table to the timeline and the posts', async () => {
    http.expectOne('/api/stats').flush(stats());
    advance();
    for (const block of await fixture.getDeferBlocks())
      await block.render(DeferBlockState.Complete);
    advance();
    http.expectOne((r) => r.url === '/api/hashtags/_all/timeline').flush(timeline('_all'));
    http.expectOne((r) => r.url.startsWith('/api/locations')).flush(locationsResponse([]));
    http
      .expectOne((r) => r.url.endsWith('.geo.json'))
      .flush({ type: 'FeatureCollection', features: [] });
    answerViews();

    byTestId('hashtag-select')!.click();
    advance();
    expect(TestBed.inject(DashboardStateService).selectedTag()).toBe('aws');
    expect(http.match((r) => r.url === '/api/hashtags/aws/timeline')).toHaveLength(1);
    expect(http.match('/api/posts?tag=aws&limit=20')).toHaveLength(1);
    expect(http.match('/api/terms?window=24h&tag=aws&limit=50')).toHaveLength(1);
    expect(byTestId('chart-subject')?.textContent).toBe('#aws');
    expect((byTestId('focus-input') as HTMLInputElement).value).toBe('#aws');
    expect(byTestId('hashtag-row')?.classList).toContain('is-selected');
  });

  it('focuses every view on a hashtag typed in the focus box, and shows all again', () => {
    http.expectOne('/api/stats').flush(stats());
    answerViews();
    const input = byTestId('focus-input') as HTMLInputElement;
    input.value = '#AWS';
    input.dispatchEvent(new Event('input'));
    byTestId('focus-form')!.dispatchEvent(new Event('submit'));
    advance();
    expect(TestBed.inject(DashboardStateService).selectedTag()).toBe('aws');
    expect(http.match('/api/posts?tag=aws&limit=20')).toHaveLength(1);

    byTestId('focus-clear')!.click();
    advance();
    expect(TestBed.inject(DashboardStateService).selectedTag()).toBeNull();
    expect(input.value).toBe('');
  });

  it('applies the window picker to the table and the breakdown', () => {
    http.expectOne('/api/stats').flush(stats());
    answerViews();
    el().querySelector<HTMLInputElement>('input[name="window"][value="7d"]')!.click();
    advance();
    expect(http.match('/api/hashtags?limit=10&window=7d&sort=mentions')).toHaveLength(1);
    expect(http.match('/api/languages?window=7d')).toHaveLength(1);
  });
});
