import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { XSS, post, postsResponse } from '../../testing/fixtures';
import { provideDashboardTesting } from '../../testing/test-providers';
import { DashboardStateService } from '../core/dashboard-state.service';
import { PostList } from './post-list';
import { toPostView } from './post-view';

describe('PostList', () => {
  let fixture: ComponentFixture<PostList>;
  let http: HttpTestingController;
  let state: DashboardStateService;

  const el = () => fixture.nativeElement as HTMLElement;
  const posts = () => [...el().querySelectorAll<HTMLElement>('[data-testid="post"]')];
  const input = () => el().querySelector<HTMLInputElement>('[data-testid="posts-filter"]')!;

  async function render(): Promise<void> {
    fixture.detectChanges();
    await fixture.whenStable();
  }

  async function typeFilter(text: string): Promise<void> {
    input().value = text;
    input().dispatchEvent(new Event('input'));
    el().querySelector('form')!.dispatchEvent(new Event('submit'));
    await render();
  }

  beforeEach(async () => {
    TestBed.configureTestingModule({ providers: provideDashboardTesting() });
    http = TestBed.inject(HttpTestingController);
    state = TestBed.inject(DashboardStateService);
    fixture = TestBed.createComponent(PostList);
    await render();
  });

  afterEach(() => {
    http.match('/api/stats');
    http.verify();
  });

  it('lists recent posts with sentiment, author, time and place', async () => {
    http.expectOne('/api/posts?limit=20').flush(
      postsResponse([
        post('1', { placeName: 'Berlin', countryCode: 'DE' }),
        post('2', {
          sentiment: 'NEGATIVE',
          sentimentScore: undefined,
          author: { id: 'u2', handle: 'bob' },
        }),
        post('3', { sentiment: undefined, sentimentScore: undefined }),
      ]),
    );
    await render();
    expect(posts()).toHaveLength(3);
    const [first, second, third] = posts();
    expect(first?.dataset['sentiment']).toBe('POSITIVE');
    expect(first?.querySelector('[data-testid="post-sentiment"]')?.textContent).toContain(
      'Positive',
    );
    expect(first?.querySelector('[data-testid="post-sentiment"]')?.textContent).toContain('91%');
    expect(first?.querySelector('[data-testid="post-author"]')?.textContent).toBe('Alice');
    expect(first?.textContent).toContain('@alice');
    expect(first?.textContent).toContain('1 min ago');
    expect(first?.querySelector('[data-testid="post-place"]')?.textContent).toContain('Berlin, DE');
    expect(second?.querySelector('[data-testid="post-author"]')?.textContent).toBe('@bob');
    expect(second?.querySelector('[data-testid="post-sentiment"]')?.classList).toContain(
      'badge--NEGATIVE',
    );
    expect(third?.querySelector('[data-testid="post-sentiment"]')?.textContent).toContain(
      'Not scored',
    );
    // Why not, and which languages each engine scores: on the badge and under the list.
    expect(third?.querySelector('[data-testid="post-sentiment"]')?.getAttribute('title')).toMatch(
      /no sentiment model.*Built-in engine: English, Arabic, German, Spanish, French, Hindi, Italian, Portuguese\./,
    );
    expect(first?.querySelector('[data-testid="post-sentiment"]')?.hasAttribute('title')).toBe(
      false,
    );
    expect(el().querySelector('[data-testid="posts-legend"]')?.textContent).toMatch(
      /Amazon Comprehend: English, Spanish.*Japanese, Korean, Chinese/,
    );
  });

  it('renders post text, author, tags and place containing HTML as literal text', async () => {
    http.expectOne('/api/posts?limit=20').flush(
      postsResponse([
        post('evil', {
          text: `hello ${XSS}`,
          author: { id: 'u', name: XSS, handle: XSS },
          hashtags: [XSS],
          placeName: XSS,
        }),
      ]),
    );
    await render();
    const item = posts()[0]!;
    expect(item.querySelector('[data-testid="post-text"]')?.textContent).toBe(`hello ${XSS}`);
    expect(item.querySelector('[data-testid="post-author"]')?.textContent).toBe(XSS);
    expect(item.querySelector('[data-testid="post-place"]')?.textContent).toContain(XSS);
    expect(item.textContent).toContain(`#${XSS}`);
    expect(item.querySelector('img')).toBeNull();
  });

  it('follows the selected hashtag', async () => {
    http.expectOne('/api/posts?limit=20').flush(postsResponse([]));
    state.selectTag('aws');
    await render();
    expect(input().value).toBe('#aws');
    http.expectOne('/api/posts?tag=aws&limit=20').flush(postsResponse([]));
    await render();
    expect(el().querySelector('[data-testid="posts-empty"]')?.textContent).toContain(
      'No recent posts with #aws',
    );
  });

  it('filters by hashtag or cashtag typed in the box, and by sentiment', async () => {
    http.expectOne('/api/posts?limit=20').flush(postsResponse([]));
    await typeFilter('$aapl');
    const req = http.expectOne((r) => r.url === '/api/posts');
    expect(req.request.params.get('cashtag')).toBe('$AAPL');
    req.flush(postsResponse([]));

    await typeFilter('#Serverless');
    http.expectOne('/api/posts?tag=serverless&limit=20').flush(postsResponse([]));

    const select = el().querySelector<HTMLSelectElement>('[data-testid="posts-sentiment"]')!;
    select.value = 'NEGATIVE';
    select.dispatchEvent(new Event('change'));
    await render();
    http
      .expectOne('/api/posts?tag=serverless&sentiment=NEGATIVE&limit=20')
      .flush(postsResponse([]));
  });

  it('rejects a filter that is neither a hashtag nor a cashtag', async () => {
    http.expectOne('/api/posts?limit=20').flush(postsResponse([]));
    await typeFilter('two words');
    expect(el().querySelector('[role="alert"]')?.textContent).toContain('hashtag');
    http.expectNone((r) => r.url === '/api/posts');
  });

  it('shows a Reddit post with its subreddit and a link to it on Reddit', async () => {
    const url = 'https://www.reddit.com/r/aws/comments/1gwcx0a/lambda_cold_starts/';
    http.expectOne('/api/posts?limit=20').flush(
      postsResponse([
        post('reddit:t3_1gwcx0a', {
          source: 'reddit',
          hashtags: ['r/aws', 'SnapStart'],
          url,
          author: { id: 't2_6l4z3', handle: 'cloud_dev_42' },
        }),
      ]),
    );
    await render();
    const [reddit] = posts();
    const subreddit = reddit!.querySelector<HTMLButtonElement>('[data-testid="post-subreddit"]')!;
    expect(subreddit.textContent?.trim()).toBe('r/aws');
    expect(reddit!.querySelector('[data-testid="post-source"]')?.textContent).toBe('reddit');
    const link = reddit!.querySelector<HTMLAnchorElement>('[data-testid="post-link"]')!;
    expect(link.href).toBe(url);
    expect(link.textContent).toContain('Open on Reddit');
    // The subreddit is where it was posted, not one of its #tags.
    const chips = [...reddit!.querySelectorAll('.post__tags button')].map((b) => b.textContent);
    expect(chips.map((c) => c?.trim())).toEqual(['#SnapStart']);
    subreddit.click();
    expect(state.selectedTag()).toBe('r:aws');
    await render();
    http.expectOne('/api/posts?tag=r:aws&limit=20').flush(postsResponse([]));
    expect(el().querySelector('[data-testid="posts-filter-label"]')?.textContent).toBe('r/aws');
  });

  it('focuses the dashboard on a hashtag clicked in a post', async () => {
    http
      .expectOne('/api/posts?limit=20')
      .flush(postsResponse([post('1', { hashtags: ['Serverless'] })]));
    await render();
    el().querySelector<HTMLButtonElement>('.post__tags button')!.click();
    expect(state.selectedTag()).toBe('serverless');
    await render();
    http.expectOne('/api/posts?tag=serverless&limit=20').flush(postsResponse([]));
  });
});

describe('toPostView', () => {
  it('prefers the name, falls back to the handle, then the author id', () => {
    const now = Date.now();
    expect(
      toPostView(post('a', { author: { id: 'u', name: 'N', handle: '@h' } }), now),
    ).toMatchObject({
      author: 'N',
      handle: '@h',
    });
    expect(toPostView(post('b', { author: { id: 'u', handle: 'h' } }), now)).toMatchObject({
      author: '@h',
      handle: '',
    });
    expect(toPostView(post('c', { author: { id: 'u' } }), now)).toMatchObject({ author: 'u' });
  });

  it('shows no author when the source named none', () => {
    const { author: _, ...anonymous } = post('d');
    expect(toPostView(anonymous, Date.now())).toMatchObject({ author: '', handle: '' });
  });
});
