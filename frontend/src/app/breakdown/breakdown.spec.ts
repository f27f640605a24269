import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { breakdownItem, breakdownResponse } from '../../testing/fixtures';
import { provideDashboardTesting } from '../../testing/test-providers';
import { DashboardStateService } from '../core/dashboard-state.service';
import { Breakdown } from './breakdown';

describe('Breakdown', () => {
  let fixture: ComponentFixture<Breakdown>;
  let http: HttpTestingController;
  let state: DashboardStateService;

  const el = () => fixture.nativeElement as HTMLElement;
  const byTestId = (id: string) => el().querySelector<HTMLElement>(`[data-testid="${id}"]`);
  const rows = () => [...el().querySelectorAll<HTMLElement>('[data-testid="breakdown-row"]')];

  async function render(): Promise<void> {
    fixture.detectChanges();
    await fixture.whenStable();
  }

  async function show(kind: 'languages' | 'sources'): Promise<void> {
    const radio = el().querySelector<HTMLInputElement>(`input[value="${kind}"]`)!;
    radio.checked = true;
    radio.dispatchEvent(new Event('change'));
    await render();
  }

  beforeEach(async () => {
    TestBed.configureTestingModule({ providers: provideDashboardTesting() });
    http = TestBed.inject(HttpTestingController);
    state = TestBed.inject(DashboardStateService);
    fixture = TestBed.createComponent(Breakdown);
    await render();
  });

  afterEach(() => {
    http.match('/api/stats');
    http.verify();
  });

  it('shows skeletons, then the languages of the window with counts, shares and sentiment', async () => {
    expect(el().querySelector('[aria-label="Loading the breakdown"]')).not.toBeNull();
    http
      .expectOne('/api/languages?window=24h')
      .flush(
        breakdownResponse([
          breakdownItem('en', { mentions: 30 }),
          breakdownItem('ja', { mentions: 10, positive: 0, negative: 0, neutral: 0, mixed: 0 }),
        ]),
      );
    await render();
    expect(rows().map((r) => r.dataset['key'])).toEqual(['en', 'ja']);
    const [en, ja] = rows();
    expect(en?.querySelector('[data-testid="breakdown-name"]')?.textContent).toContain('English');
    expect(en?.querySelector('[data-testid="breakdown-count"]')?.textContent).toBe('30');
    expect(en?.textContent).toContain('75%');
    expect(en?.querySelector('[data-testid="sentiment-bar"]')?.getAttribute('aria-label')).toBe(
      '40% positive, 30% neutral, 20% negative, 10% mixed',
    );
    expect(ja?.querySelector('[data-testid="sentiment-bar"]')?.getAttribute('aria-label')).toBe(
      'No sentiment yet',
    );
  });

  it('switches to the sources, Reddit among them, and follows the window', async () => {
    http.expectOne('/api/languages?window=24h').flush(breakdownResponse([breakdownItem('en')]));
    await render();
    await show('sources');
    http
      .expectOne('/api/sources?window=24h')
      .flush(breakdownResponse([breakdownItem('reddit'), breakdownItem('bsky')]));
    await render();
    expect(
      rows().map((r) => r.querySelector('[data-testid="breakdown-name"]')?.textContent?.trim()),
    ).toEqual(['Reddit reddit', 'Bluesky bsky']);
    expect(el().querySelector('.panel__subtitle')?.textContent).toContain('Posts per source');

    state.window.set('7d');
    await render();
    http.expectOne('/api/sources?window=7d').flush(breakdownResponse([], '7d'));
    await render();
    expect(byTestId('breakdown-empty')?.textContent).toContain('No posts in the last 7 days');
  });

  it('says so when the breakdown cannot be read', async () => {
    http
      .expectOne('/api/languages?window=24h')
      .flush({ message: 'boom' }, { status: 500, statusText: 'Server Error' });
    await render();
    expect(byTestId('breakdown-empty')?.textContent).toContain('unavailable');
  });
});
