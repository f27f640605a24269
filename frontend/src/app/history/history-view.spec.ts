import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { stats } from '../../testing/fixtures';
import { provideDashboardTesting } from '../../testing/test-providers';
import { HistoryView, defaultRange, rangeOfNewest } from './history-view';

describe('rangeOfNewest', () => {
  it('offers the 7 days up to the newest post when it is older than the range', () => {
    expect(rangeOfNewest('2015-09-09T18:09:18Z', '2026-11-30')).toEqual({
      from: '2015-09-03',
      to: '2015-09-09',
    });
  });

  it('offers nothing when the newest post is inside or after the range, or unknown', () => {
    expect(rangeOfNewest('2026-12-01T10:00:00Z', '2026-11-30')).toBeUndefined();
    expect(rangeOfNewest('2026-11-30T00:00:00Z', '2026-11-30')).toBeUndefined();
    expect(rangeOfNewest(null, '2026-11-30')).toBeUndefined();
    expect(rangeOfNewest('not a date', '2026-11-30')).toBeUndefined();
  });
});

describe('HistoryView', () => {
  let fixture: ComponentFixture<HistoryView>;
  let http: HttpTestingController;
  const el = () => fixture.nativeElement as HTMLElement;
  const byTestId = (id: string) => el().querySelector<HTMLElement>(`[data-testid="${id}"]`);
  /** The dates each chart's latest request asked for. */
  const asked = () =>
    http
      .match((r) => r.url.startsWith('/api/history/'))
      .map((r) => `${r.request.params.get('from')}..${r.request.params.get('to')}`);

  async function render(): Promise<void> {
    fixture.detectChanges();
    await fixture.whenStable();
  }

  beforeEach(async () => {
    TestBed.configureTestingModule({ providers: provideDashboardTesting() });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(HistoryView);
    await render();
  });

  it('points to the days of the newest post after a replay of old posts, and runs them', async () => {
    const { from, to } = defaultRange(new Date());
    expect(new Set(asked())).toEqual(new Set([`${from}..${to}`]));
    http.match('/api/stats').forEach((r) => r.flush(stats({ lastPostAt: '2015-09-09T18:09:18Z' })));
    await render();
    expect(byTestId('history-newest')?.textContent).toContain(
      'The newest post counted is from 2015-09-09',
    );
    byTestId('history-show-newest')!.click();
    await render();
    expect(new Set(asked())).toEqual(new Set(['2015-09-03..2015-09-09']));
    expect((byTestId('history-from') as HTMLInputElement).value).toBe('2015-09-03');
    // The charts now show the newest post's days: nothing more to offer.
    expect(byTestId('history-newest')).toBeNull();
  });

  it('offers nothing while the newest post is within the days shown', async () => {
    http
      .match('/api/stats')
      .forEach((r) => r.flush(stats({ lastPostAt: new Date().toISOString() })));
    await render();
    expect(byTestId('history-newest')).toBeNull();
    asked();
  });
});
