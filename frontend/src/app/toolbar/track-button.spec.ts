import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { provideDashboardTesting } from '../../testing/test-providers';
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

  it('explains a refusal (IAM-protected in AWS) instead of failing silently', async () => {
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
      'signed AWS requests',
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
