import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { XSS, hashtag, hashtagsResponse, stats } from '../../testing/fixtures';
import { provideDashboardTesting } from '../../testing/test-providers';
import { DashboardStateService } from '../core/dashboard-state.service';
import { HashtagTable } from './hashtag-table';

describe('HashtagTable', () => {
  let fixture: ComponentFixture<HashtagTable>;
  let http: HttpTestingController;
  let state: DashboardStateService;

  const el = () => fixture.nativeElement as HTMLElement;
  const rows = () => [...el().querySelectorAll<HTMLElement>('[data-testid="hashtag-row"]')];
  const tags = () => rows().map((r) => r.dataset['tag']);

  async function render(): Promise<void> {
    fixture.detectChanges();
    await fixture.whenStable();
  }

  beforeEach(async () => {
    TestBed.configureTestingModule({ providers: provideDashboardTesting() });
    http = TestBed.inject(HttpTestingController);
    state = TestBed.inject(DashboardStateService);
    fixture = TestBed.createComponent(HashtagTable);
    await render();
  });

  afterEach(() => {
    // The header's stats poll is not part of this component.
    http.match('/api/stats');
    http.verify();
  });

  function answer(items = [hashtag('aws', { mentions: 30 }), hashtag('gcp', { mentions: 20 })]) {
    http
      .expectOne('/api/hashtags?limit=10&window=24h&sort=mentions')
      .flush(hashtagsResponse(items));
  }

  it('shows skeletons until the first answer, then one row per hashtag', async () => {
    expect(el().querySelector('[data-testid="hashtags-loading"]')).not.toBeNull();
    answer();
    await render();
    expect(el().querySelector('[data-testid="hashtags-loading"]')).toBeNull();
    expect(tags()).toEqual(['aws', 'gcp']);
    expect(rows()[0]?.textContent).toContain('30');
  });

  it('shows an empty state when the window has no hashtags', async () => {
    answer([]);
    await render();
    expect(el().querySelector('[data-testid="hashtags-empty"]')?.textContent).toContain(
      'No hashtags',
    );
  });

  it('says when the newest post is older than the window, and offers all time', async () => {
    answer([]);
    http.match('/api/stats').forEach((r) => r.flush(stats({ lastPostAt: '2016-09-10T18:02:00Z' })));
    await render();
    const empty = el().querySelector('[data-testid="hashtags-empty"]')!;
    expect(empty.textContent).toContain('the newest post counted is from 2016-09-10');
    el().querySelector<HTMLButtonElement>('[data-testid="show-all-time"]')!.click();
    await render();
    expect(state.window()).toBe('all');
    http.expectOne('/api/hashtags?limit=10&window=all&sort=mentions').flush(hashtagsResponse([]));
    await render();
    // All time holds every post: no hint there, only the plain empty state.
    expect(el().querySelector('[data-testid="show-all-time"]')).toBeNull();
  });

  it('keeps the plain empty state when the newest post is inside the window', async () => {
    answer([]);
    const recent = new Date(Date.now() - 60_000).toISOString();
    http.match('/api/stats').forEach((r) => r.flush(stats({ lastPostAt: recent })));
    await render();
    expect(el().querySelector('[data-testid="hashtags-empty"]')?.textContent).toContain(
      'No hashtags in this window yet.',
    );
    expect(el().querySelector('[data-testid="show-all-time"]')).toBeNull();
  });

  it('refetches for another window or size, cancelling the request in flight', async () => {
    const first = http.expectOne('/api/hashtags?limit=10&window=24h&sort=mentions');
    state.window.set('1h');
    await render();
    expect(first.cancelled).toBe(true);
    http
      .expectOne('/api/hashtags?limit=10&window=1h&sort=mentions')
      .flush(hashtagsResponse([hashtag('x')]));

    const select = el().querySelector<HTMLSelectElement>('[data-testid="topn-select"]')!;
    select.value = '25';
    select.dispatchEvent(new Event('change'));
    await render();
    expect(state.topN()).toBe(25);
    http.expectOne('/api/hashtags?limit=25&window=1h&sort=mentions').flush(hashtagsResponse([]));
  });

  it('sorts by share on the client without refetching', async () => {
    answer([
      hashtag('neg', { mentions: 30, positive: 1, negative: 20, neutral: 9 }),
      hashtag('pos', { mentions: 10, positive: 9, negative: 0, neutral: 1 }),
    ]);
    await render();
    expect(tags()).toEqual(['neg', 'pos']);

    const select = el().querySelector<HTMLSelectElement>('[data-testid="sort-select"]')!;
    select.value = 'positive';
    select.dispatchEvent(new Event('change'));
    await render();
    expect(state.sort()).toBe('positive');
    expect(tags()).toEqual(['pos', 'neg']);
    http.expectNone((r) => r.url === '/api/hashtags');
  });

  it('shows the change since the previous window, and hides it for all time', async () => {
    answer([
      hashtag('up', { mentions: 12, previousMentions: 2 }),
      hashtag('fresh', { previousMentions: null }),
    ]);
    await render();
    const changes = [...el().querySelectorAll('[data-testid="hashtag-change"]')].map((c) =>
      c.textContent?.trim(),
    );
    expect(changes).toEqual(['+10', 'new']);

    state.window.set('all');
    await render();
    http
      .expectOne('/api/hashtags?limit=10&window=all&sort=mentions')
      .flush(hashtagsResponse([hashtag('up')]));
    await render();
    expect(el().querySelector('[data-testid="hashtag-change"]')).toBeNull();
  });

  it('selects a hashtag by its button (keyboard-operable) or by the row, and toggles it off', async () => {
    answer();
    await render();
    const button = rows()[1]!.querySelector<HTMLButtonElement>('[data-testid="hashtag-select"]')!;
    expect(button.tagName).toBe('BUTTON');
    button.click();
    await render();
    expect(state.selectedTag()).toBe('gcp');
    expect(rows()[1]!.classList).toContain('is-selected');
    expect(button.getAttribute('aria-pressed')).toBe('true');

    rows()[0]!.querySelector<HTMLElement>('td')!.click();
    await render();
    expect(state.selectedTag()).toBe('aws');

    rows()[0]!.querySelector<HTMLButtonElement>('button')!.click();
    await render();
    expect(state.selectedTag()).toBeNull();
  });

  it('says so when the focused hashtag is not in the table', async () => {
    answer();
    state.selectTag('rare');
    await render();
    expect(el().querySelector('[data-testid="focus-missing"]')?.textContent).toContain('#rare');
  });

  it('renders an HTML payload in a hashtag as literal text', async () => {
    answer([hashtag('xss', { display: XSS })]);
    await render();
    const row = rows()[0]!;
    expect(row.textContent).toContain(XSS);
    expect(row.querySelector('img')).toBeNull();
    expect(el().querySelector('img')).toBeNull();
  });

  it('keeps the rows on screen when a refresh fails', async () => {
    answer();
    await render();
    TestBed.inject(DashboardStateService).window.set('7d');
    await render();
    http
      .expectOne('/api/hashtags?limit=10&window=7d&sort=mentions')
      .flush({ message: 'boom' }, { status: 500, statusText: 'Server Error' });
    await render();
    expect(tags()).toEqual(['aws', 'gcp']);
  });
});
