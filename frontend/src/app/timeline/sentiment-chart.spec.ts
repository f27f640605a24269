import { HttpTestingController, type TestRequest } from '@angular/common/http/testing';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { By } from '@angular/platform-browser';
import { Chart } from 'chart.js';
import { BaseChartDirective } from 'ng2-charts';
import { XSS, timeline } from '../../testing/fixtures';
import { provideDashboardTesting } from '../../testing/test-providers';
import { DashboardStateService } from '../core/dashboard-state.service';
import { SentimentChart } from './sentiment-chart';
import { timelineRange } from './timeline-range';

describe('SentimentChart', () => {
  let fixture: ComponentFixture<SentimentChart>;
  let http: HttpTestingController;
  let state: DashboardStateService;

  const el = () => fixture.nativeElement as HTMLElement;
  const canvas = () => el().querySelector<HTMLCanvasElement>('[data-testid="sentiment-chart"]');
  const timelineRequest = (tag: string): TestRequest =>
    http.expectOne((r) => r.url === `/api/hashtags/${encodeURIComponent(tag)}/timeline`);

  async function render(): Promise<void> {
    fixture.detectChanges();
    await fixture.whenStable();
  }

  beforeEach(async () => {
    TestBed.configureTestingModule({ providers: provideDashboardTesting() });
    http = TestBed.inject(HttpTestingController);
    state = TestBed.inject(DashboardStateService);
    fixture = TestBed.createComponent(SentimentChart);
    await render();
  });

  afterEach(() => {
    http.match('/api/stats');
    http.verify();
  });

  it('shows all posts per minute over the last hour by default', async () => {
    const req = timelineRequest('_all');
    expect(req.request.params.get('granularity')).toBe('minute');
    const from = Date.parse(req.request.params.get('from')!);
    const to = Date.parse(req.request.params.get('to')!);
    expect(to - from).toBeGreaterThanOrEqual(59 * 60_000);
    expect(to - from).toBeLessThan(60 * 60_000);
    req.flush(timeline('_all'));
    await render();

    expect(canvas()).not.toBeNull();
    expect(canvas()?.getAttribute('aria-label')).toBe(
      'Sentiment of all posts per minute, last 60 minutes: 4 positive, 2 neutral, 3 negative, 0 mixed.',
    );
    expect(el().querySelector('[data-testid="chart-subject"]')?.textContent).toBe('all posts');
  });

  it('follows the selected hashtag and the granularity, cancelling stale requests', async () => {
    const first = timelineRequest('_all');
    state.selectTag('aws');
    await render();
    expect(first.cancelled).toBe(true);
    timelineRequest('aws').flush(timeline('aws'));
    await render();
    expect(el().querySelector('[data-testid="chart-subject"]')?.textContent).toBe('#aws');

    const hour = el().querySelector<HTMLInputElement>('input[name="granularity"][value="hour"]')!;
    hour.click();
    await render();
    expect(state.granularity()).toBe('hour');
    const req = timelineRequest('aws');
    expect(req.request.params.get('granularity')).toBe('hour');
    req.flush(timeline('aws', 'hour'));
  });

  it('feeds three series in the shared colours, with index-mode tooltips', async () => {
    timelineRequest('_all').flush(timeline('_all'));
    await render();
    const directive = fixture.debugElement
      .query(By.directive(BaseChartDirective))
      .injector.get(BaseChartDirective);
    expect(directive.type).toBe('line');
    expect(directive.data?.datasets.map((d) => d.label)).toEqual([
      'Positive',
      'Neutral',
      'Negative',
    ]);
    expect(directive.data?.datasets[0]?.data).toEqual([3, 1]);
    expect(directive.options?.interaction?.mode).toBe('index');
    expect(directive.options?.plugins?.tooltip?.mode).toBe('index');
    expect(Chart.registry.getController('line')).toBeDefined();
  });

  it('shows a hashtag with markup as text in its title', async () => {
    state.selectTag(XSS);
    await render();
    http.match((r) => r.url.endsWith('/timeline'));
    expect(el().querySelector('[data-testid="chart-subject"]')?.textContent).toBe(`#${XSS}`);
    expect(el().querySelector('img')).toBeNull();
  });

  it('says so when the period has no posts', async () => {
    const empty = timeline('_all');
    empty.points = empty.points.map((p) => ({
      ...p,
      mentions: 0,
      positive: 0,
      negative: 0,
      neutral: 0,
    }));
    timelineRequest('_all').flush(empty);
    await render();
    expect(el().querySelector('[data-testid="chart-empty"]')?.textContent?.trim()).toBe(
      'No posts in the last 60 minutes.',
    );
  });
});

describe('timelineRange', () => {
  it('ends now and starts on a bucket boundary', () => {
    const now = new Date('2026-11-22T10:17:30.000Z');
    expect(timelineRange('minute', now).from.toISOString()).toBe('2026-11-22T09:18:00.000Z');
    expect(timelineRange('hour', now).from.toISOString()).toBe('2026-11-21T11:00:00.000Z');
    expect(timelineRange('day', now).from.toISOString()).toBe('2026-10-24T00:00:00.000Z');
    expect(timelineRange('day', now).to).toBe(now);
  });
});
