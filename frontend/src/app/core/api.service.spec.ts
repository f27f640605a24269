import { TestBed } from '@angular/core/testing';
import { HttpTestingController } from '@angular/common/http/testing';
import { firstValueFrom } from 'rxjs';
import { provideFakeAuth, user, type FakeAuth } from '../../testing/fake-auth';
import { provideDashboardTesting } from '../../testing/test-providers';
import { ApiError } from './api-error';
import { ApiService } from './api.service';

describe('ApiService', () => {
  let api: ApiService;
  let http: HttpTestingController;

  function setUp(apiBaseUrl = '/api'): void {
    TestBed.configureTestingModule({ providers: provideDashboardTesting({ apiBaseUrl }) });
    api = TestBed.inject(ApiService);
    http = TestBed.inject(HttpTestingController);
  }

  afterEach(() => http.verify());

  it('builds the hashtags URL with limit, window and sort', () => {
    setUp();
    api.hashtags({ window: '1h', limit: 10, sort: 'negative' }).subscribe();
    const req = http.expectOne('/api/hashtags?limit=10&window=1h&sort=negative');
    expect(req.request.method).toBe('GET');
    req.flush({ items: [] });
  });

  it('sorts hashtags by mentions unless told otherwise', () => {
    setUp();
    api.hashtags({ window: 'all', limit: 25 }).subscribe();
    http.expectOne('/api/hashtags?limit=25&window=all&sort=mentions').flush({ items: [] });
  });

  it('builds the locations URL against an absolute API base', () => {
    setUp('https://abc.execute-api.eu-west-1.amazonaws.com');
    api.locations({ window: '7d', limit: 500 }).subscribe();
    http
      .expectOne('https://abc.execute-api.eu-west-1.amazonaws.com/locations?limit=500&window=7d')
      .flush({ items: [] });
  });

  it('encodes the tag as one path segment of the timeline URL', () => {
    setUp();
    const from = new Date('2026-11-22T09:00:00.000Z');
    const to = new Date('2026-11-22T10:00:00.000Z');
    api.timeline({ tag: 'a/b?c#d', granularity: 'minute', from, to }).subscribe();
    const req = http.expectOne((r) => r.url === '/api/hashtags/a%2Fb%3Fc%23d/timeline');
    expect(req.request.params.get('granularity')).toBe('minute');
    expect(req.request.params.get('from')).toBe('2026-11-22T09:00:00.000Z');
    expect(req.request.params.get('to')).toBe('2026-11-22T10:00:00.000Z');
    req.flush({ points: [] });
  });

  it('asks for the all-posts timeline with the _all tag', () => {
    setUp();
    api
      .timeline({ tag: '_all', granularity: 'day', from: new Date(0), to: new Date(1) })
      .subscribe();
    http.expectOne((r) => r.url === '/api/hashtags/_all/timeline').flush({ points: [] });
  });

  it('leaves unset post filters out of the query', () => {
    setUp();
    api.posts({ limit: 20 }).subscribe();
    http.expectOne('/api/posts?limit=20').flush({ items: [] });
    api.posts({ tag: 'aws', sentiment: 'NEGATIVE', limit: 20 }).subscribe();
    http.expectOne('/api/posts?tag=aws&sentiment=NEGATIVE&limit=20').flush({ items: [] });
    api.posts({ cashtag: '$AAPL', limit: 5 }).subscribe();
    const req = http.expectOne((r) => r.url === '/api/posts');
    expect(req.request.params.get('cashtag')).toBe('$AAPL');
    req.flush({ items: [] });
  });

  it('asks for a word of the word cloud as term', () => {
    setUp();
    api.posts({ term: 'release', tag: 'aws', limit: 20 }).subscribe();
    http.expectOne('/api/posts?tag=aws&term=release&limit=20').flush({ items: [] });
  });

  it('builds the terms URL with window, limit and the focused tag when there is one', () => {
    setUp();
    api.terms({ window: '1h', limit: 50 }).subscribe();
    http.expectOne('/api/terms?window=1h&limit=50').flush({ items: [] });
    api.terms({ window: '7d', tag: 'aws', limit: 50 }).subscribe();
    http.expectOne('/api/terms?window=7d&tag=aws&limit=50').flush({ items: [] });
  });

  it('calls /languages and /sources with the window', () => {
    setUp();
    api.languages('24h').subscribe();
    http.expectOne('/api/languages?window=24h').flush({ items: [] });
    api.sources('all').subscribe();
    http.expectOne('/api/sources?window=all').flush({ items: [] });
  });

  it('calls /stats', async () => {
    setUp();
    const result = firstValueFrom(api.stats());
    http.expectOne('/api/stats').flush({ posts: 3 });
    await expect(result).resolves.toEqual({ posts: 3 });
  });

  it("turns an error response into an ApiError with the API's message", async () => {
    setUp();
    const result = firstValueFrom(api.hashtags({ window: '1h', limit: 1000 }));
    http
      .expectOne((r) => r.url === '/api/hashtags')
      .flush(
        { message: 'limit must be an integer between 1 and 100' },
        { status: 400, statusText: 'Bad Request' },
      );
    const error = await result.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 400,
      message: 'limit must be an integer between 1 and 100',
      unreachable: false,
    });
  });

  it('reports a network failure as unreachable', async () => {
    setUp();
    const result = firstValueFrom(api.stats());
    http.expectOne('/api/stats').error(new ProgressEvent('error'));
    const error = await result.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 0, unreachable: true });
  });

  it('falls back to the status line when the body has no message', async () => {
    setUp();
    const result = firstValueFrom(api.stats());
    http
      .expectOne('/api/stats')
      .flush('<html>bad gateway</html>', { status: 502, statusText: 'Bad Gateway' });
    await expect(result).rejects.toMatchObject({
      status: 502,
      message: 'HTTP 502 Bad Gateway',
      unreachable: true,
    });
  });
});

describe('ApiService writes with sign-in', () => {
  let api: ApiService;
  let http: HttpTestingController;
  let fake: FakeAuth;

  const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

  beforeEach(() => {
    fake = provideFakeAuth();
    TestBed.configureTestingModule({ providers: fake.providers });
    api = TestBed.inject(ApiService);
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it('sends the access token on POST and DELETE /tracks only', async () => {
    fake.client.stored = user({ access_token: 'tok' });
    api.track('#aws').subscribe();
    api.untrack('#aws').subscribe();
    api.tracks().subscribe();
    await tick();
    const post = http.expectOne({ method: 'POST', url: '/api/tracks' });
    const del = http.expectOne({ method: 'DELETE', url: '/api/tracks/%23aws' });
    const get = http.expectOne({ method: 'GET', url: '/api/tracks' });
    expect(post.request.headers.get('authorization')).toBe('Bearer tok');
    expect(del.request.headers.get('authorization')).toBe('Bearer tok');
    expect(get.request.headers.has('authorization')).toBe(false);
    for (const req of [post, del, get]) req.flush({ items: [] });
  });

  it('sends no header when signed out (the API answers 401)', async () => {
    const result = firstValueFrom(api.track('#aws'));
    await tick();
    const post = http.expectOne({ method: 'POST', url: '/api/tracks' });
    expect(post.request.headers.has('authorization')).toBe(false);
    post.flush({ message: 'Unauthorized' }, { status: 401, statusText: 'Unauthorized' });
    await expect(result).rejects.toMatchObject({ status: 401 });
  });

  it('maps a failed token renewal to no header, not to an error of its own', async () => {
    fake.client.stored = user({ expired: true });
    fake.client.signinSilent.mockRejectedValue(new Error('invalid_grant'));
    api.untrack('#aws').subscribe({ error: () => undefined });
    await tick();
    const del = http.expectOne({ method: 'DELETE', url: '/api/tracks/%23aws' });
    expect(del.request.headers.has('authorization')).toBe(false);
    del.flush(null, { status: 401, statusText: 'Unauthorized' });
  });
});
