import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { provideFakeAuth, user, type FakeAuth } from '../../testing/fake-auth';
import { provideDashboardTesting } from '../../testing/test-providers';
import { AuthService } from '../core/auth.service';
import { DashboardStateService } from '../core/dashboard-state.service';
import { TrackButton } from './track-button';

describe('TrackButton', () => {
  let fixture: ComponentFixture<TrackButton>;
  let http: HttpTestingController;
  let state: DashboardStateService;

  const el = () => fixture.nativeElement as HTMLElement;
  const button = () => el().querySelector<HTMLButtonElement>('[data-testid="track-button"]');

  async function settle(): Promise<void> {
    fixture.detectChanges();
    await fixture.whenStable();
    fixture.detectChanges();
  }

  beforeEach(async () => {
    TestBed.configureTestingModule({ providers: provideDashboardTesting() });
    http = TestBed.inject(HttpTestingController);
    state = TestBed.inject(DashboardStateService);
    fixture = TestBed.createComponent(TrackButton);
    await settle();
  });

  // The dashboard state polls /stats on its own; only /tracks calls are this component's.
  afterEach(() => expect(http.match((r) => r.url.startsWith('/api/tracks'))).toEqual([]));

  it('shows nothing until a hashtag is focused', () => {
    expect(button()).toBeNull();
  });

  it('tracks the focused hashtag, then stops tracking it', async () => {
    state.selectTag('aws');
    await settle();
    http.expectOne('/api/tracks').flush({ items: [] });
    await settle();
    expect(button()!.textContent).toContain('Track #aws');
    expect(button()!.getAttribute('aria-pressed')).toBe('false');

    button()!.click();
    const post = http.expectOne({ method: 'POST', url: '/api/tracks' });
    expect(post.request.body).toEqual({ term: '#aws' });
    expect(post.request.headers.has('authorization')).toBe(false);
    post.flush({ term: '#aws', key: '#aws', kind: 'hashtag', createdAt: '2026-11-22T00:00:00Z' });
    await settle();
    expect(button()!.getAttribute('aria-pressed')).toBe('true');

    button()!.click();
    http.expectOne({ method: 'DELETE', url: '/api/tracks/%23aws' }).flush(null);
    await settle();
    expect(button()!.getAttribute('aria-pressed')).toBe('false');
  });

  it('knows a hashtag that is already tracked', async () => {
    state.selectTag('aws');
    await settle();
    http
      .expectOne('/api/tracks')
      .flush({ items: [{ term: '#AWS', key: '#aws', kind: 'hashtag', createdAt: 'x' }] });
    await settle();
    expect(button()!.textContent).toContain('Tracking #aws');
  });

  it('explains a refusal (a stack whose config.json lacks sign-in) instead of failing silently', async () => {
    state.selectTag('aws');
    await settle();
    http.expectOne('/api/tracks').flush({ items: [] });
    await settle();
    button()!.click();
    http
      .expectOne({ method: 'POST', url: '/api/tracks' })
      .flush({ message: 'Forbidden' }, { status: 403, statusText: 'Forbidden' });
    await settle();
    expect(el().querySelector('[data-testid="track-message"]')!.textContent).toContain(
      'npm run deploy:dashboard',
    );
    expect(button()!.getAttribute('aria-pressed')).toBe('false');
  });

  it('renders a hashtag carrying HTML as text', async () => {
    state.selectTag('<img src=x onerror=alert(1)>');
    await settle();
    http.expectOne('/api/tracks').flush({ items: [] });
    await settle();
    expect(button()!.textContent).toContain('<img src=x onerror=alert(1)>');
    expect(el().querySelector('img')).toBeNull();
  });
});

describe('TrackButton with sign-in configured (AWS)', () => {
  let fixture: ComponentFixture<TrackButton>;
  let http: HttpTestingController;
  let state: DashboardStateService;
  let fake: FakeAuth;

  const el = () => fixture.nativeElement as HTMLElement;
  const byTestId = (id: string) => el().querySelector<HTMLElement>(`[data-testid="${id}"]`);
  const button = () => byTestId('track-button') as HTMLButtonElement | null;

  /** The sign-in fake answers through promise chains Angular does not track: let them run. */
  async function settle(): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, 0));
    fixture.detectChanges();
    await fixture.whenStable();
    fixture.detectChanges();
  }

  /** Starts the component with the tab's session (or none) and focuses #aws. */
  async function start(stored: ReturnType<typeof user> | null): Promise<void> {
    fake = provideFakeAuth();
    fake.client.stored = stored;
    TestBed.configureTestingModule({ providers: fake.providers });
    http = TestBed.inject(HttpTestingController);
    state = TestBed.inject(DashboardStateService);
    fixture = TestBed.createComponent(TrackButton);
    await settle();
    state.selectTag('aws');
    await settle();
    http.expectOne('/api/tracks').flush({ items: [] });
    await settle();
  }

  afterEach(() => expect(http.match((r) => r.url.startsWith('/api/tracks'))).toEqual([]));

  it('asks a signed-out user to sign in, and goes to sign-in with the hashtag', async () => {
    await start(null);
    expect(button()!.textContent!.trim()).toBe('Sign in to track #aws');
    expect(button()!.hasAttribute('aria-pressed')).toBe(false);
    expect(byTestId('sign-out')).toBeNull();

    button()!.click();
    await settle();
    expect(fake.client.signinRedirect).toHaveBeenCalledWith({ state: { tag: 'aws' } });
    // Nothing is written before sign-in.
    expect(http.match({ method: 'POST', url: '/api/tracks' })).toEqual([]);
  });

  it('sends the access token as a Bearer token when signed in', async () => {
    await start(user({ access_token: 'tok-123' }));
    expect(button()!.textContent).toContain('Track #aws');
    expect(byTestId('sign-out')!.getAttribute('title')).toBe('Signed in as ana@example.com');

    button()!.click();
    await settle();
    const post = http.expectOne({ method: 'POST', url: '/api/tracks' });
    expect(post.request.headers.get('authorization')).toBe('Bearer tok-123');
    post.flush({ term: '#aws', key: '#aws', kind: 'hashtag', createdAt: 'x' });
    await settle();
    expect(button()!.getAttribute('aria-pressed')).toBe('true');

    button()!.click();
    await settle();
    const del = http.expectOne({ method: 'DELETE', url: '/api/tracks/%23aws' });
    expect(del.request.headers.get('authorization')).toBe('Bearer tok-123');
    del.flush(null);
    await settle();
    expect(button()!.getAttribute('aria-pressed')).toBe('false');
  });

  it('asks to sign in again when the API refuses the token (401)', async () => {
    await start(user());
    button()!.click();
    await settle();
    http
      .expectOne({ method: 'POST', url: '/api/tracks' })
      .flush({ message: 'Unauthorized' }, { status: 401, statusText: 'Unauthorized' });
    await settle();
    expect(button()!.textContent).toContain('Sign in to track #aws');
    expect(byTestId('track-message')!.textContent).toContain('sign in again');
    expect(fake.client.removeUser).toHaveBeenCalled();
  });

  it('explains a 403 (signed in without the write scope)', async () => {
    await start(user());
    button()!.click();
    await settle();
    http
      .expectOne({ method: 'POST', url: '/api/tracks' })
      .flush({ message: 'Forbidden' }, { status: 403, statusText: 'Forbidden' });
    await settle();
    expect(byTestId('track-message')!.textContent).toContain('tracks/write');
    expect(button()!.textContent).toContain('Track #aws');
  });

  it('signs out', async () => {
    await start(user());
    byTestId('sign-out')!.click();
    await settle();
    expect(fake.navigate).toHaveBeenCalledWith(expect.stringContaining('/logout?client_id='));
    expect(button()!.textContent).toContain('Sign in to track #aws');
  });

  it('waits, disabled, while the sign-in library loads', async () => {
    fake = provideFakeAuth();
    fake.factory.mockReturnValue(new Promise(() => undefined));
    TestBed.configureTestingModule({ providers: fake.providers });
    http = TestBed.inject(HttpTestingController);
    state = TestBed.inject(DashboardStateService);
    fixture = TestBed.createComponent(TrackButton);
    state.selectTag('aws');
    await settle();
    http.expectOne('/api/tracks').flush({ items: [] });
    await settle();
    expect(button()!.disabled).toBe(true);
  });

  it('focuses the hashtag the user wanted to track once back from sign-in', async () => {
    window.history.replaceState(null, '', '/?code=c&state=s');
    try {
      fake = provideFakeAuth();
      fake.client.signinCallback.mockResolvedValue(user({ state: { tag: 'rust' } }));
      TestBed.configureTestingModule({ providers: fake.providers });
      http = TestBed.inject(HttpTestingController);
      state = TestBed.inject(DashboardStateService);
      fixture = TestBed.createComponent(TrackButton);
      await TestBed.inject(AuthService).start();
      await settle();
      expect(state.selectedTag()).toBe('rust');
      http.expectOne('/api/tracks').flush({ items: [] });
      await settle();
      expect(button()!.textContent).toContain('Track #rust');
    } finally {
      window.history.replaceState(null, '', '/');
    }
  });
});
