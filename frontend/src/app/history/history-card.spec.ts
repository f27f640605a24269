import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { provideDashboardTesting } from '../../testing/test-providers';
import type { HistoryResponse } from '../core/api.types';
import { HistoryCard, type HistoryRequest } from './history-card';
import { HISTORY_QUERY_INFO } from './history-queries';
import { defaultRange } from './history-view';

const info = (name: string) => HISTORY_QUERY_INFO.find((q) => q.name === name)!;
const request: HistoryRequest = { tag: 'aws', from: '2026-11-16', to: '2026-11-22', run: 0 };
const rows = [{ tag: 'cloud', posts: 4, days: 2, positive: 2, negative: 2, neutral: 0, mixed: 0 }];
const columns = Object.keys(rows[0]!).map((name) => ({
  name,
  type: name === 'tag' ? 'string' : 'number',
})) as HistoryResponse['columns'];

describe('HistoryCard', () => {
  let fixture: ComponentFixture<HistoryCard>;
  let http: HttpTestingController;
  const el = () => fixture.nativeElement as HTMLElement;
  const byTestId = (id: string) => el().querySelector<HTMLElement>(`[data-testid="${id}"]`);

  function render(name: string, req: HistoryRequest = request): void {
    fixture = TestBed.createComponent(HistoryCard);
    fixture.componentRef.setInput('info', info(name));
    fixture.componentRef.setInput('request', req);
    TestBed.tick();
  }

  beforeEach(() => {
    jest.useFakeTimers();
    TestBed.configureTestingModule({ providers: provideDashboardTesting() });
    http = TestBed.inject(HttpTestingController);
  });
  afterEach(() => {
    http.verify();
    jest.useRealTimers();
  });

  it('runs the query locally and draws its answer, with no cost', () => {
    render('co-occurring-hashtags');
    expect(byTestId('history-running')?.textContent).toContain('Running');
    const req = http.expectOne((r) => r.url === '/api/history/co-occurring-hashtags');
    expect(req.request.params.get('tag')).toBe('aws');
    expect(req.request.params.get('from')).toBe('2026-11-16');
    req.flush({
      query: 'co-occurring-hashtags',
      engine: 'duckdb',
      params: {},
      status: 'SUCCEEDED',
      columns,
      rows,
      bytesScanned: null,
      costUsd: null,
    } satisfies HistoryResponse);
    TestBed.tick();
    expect(byTestId('history-chart')).not.toBeNull();
    expect(byTestId('history-cost')?.textContent).toContain('no cost');
    expect((byTestId('download-csv') as HTMLButtonElement).disabled).toBe(false);
  });

  it('shows Athena running, polls with the queryId, then the bytes scanned and their cost', () => {
    render('top-hashtags-per-day');
    const start = http.expectOne((r) => r.url === '/api/history/top-hashtags-per-day');
    expect(start.request.params.has('tag')).toBe(false);
    const running: HistoryResponse = {
      query: 'top-hashtags-per-day',
      engine: 'athena',
      params: {},
      status: 'RUNNING',
      queryId: '00000000-0000-4000-8000-000000000001',
      bytesScanned: null,
      costUsd: null,
    };
    start.flush(running);
    TestBed.tick();
    expect(byTestId('history-running')).not.toBeNull();
    jest.advanceTimersByTime(1500);
    const poll = http.expectOne((r) => r.params.get('queryId') === running.queryId);
    poll.flush({
      ...running,
      status: 'SUCCEEDED',
      columns: [
        { name: 'day', type: 'string' },
        { name: 'tag', type: 'string' },
        { name: 'posts', type: 'number' },
      ],
      rows: [{ day: '2026-11-22', tag: 'aws', posts: 3 }],
      bytesScanned: 12 * 1024 * 1024,
      costUsd: 0.0000572,
    } satisfies HistoryResponse);
    TestBed.tick();
    expect(byTestId('history-cost')?.textContent).toBe(
      'Athena scanned 12 MB · $0.000057 ($5 per TB, 10 MB minimum)',
    );
  });

  it('asks for a tag before running a query about one', () => {
    render('sentiment-by-country-per-week', { ...request, tag: '' });
    expect(byTestId('history-needs-tag')).not.toBeNull();
  });

  it('shows the API’s message when a run fails', () => {
    render('co-occurring-hashtags');
    http
      .expectOne((r) => r.url === '/api/history/co-occurring-hashtags')
      .flush(
        { message: 'from must be on or before to' },
        { status: 400, statusText: 'Bad Request' },
      );
    TestBed.tick();
    expect(byTestId('history-failed')?.textContent).toBe('from must be on or before to');
  });

  it('defaults to the last 7 days, today included', () => {
    expect(defaultRange(new Date('2026-11-22T23:00:00Z'))).toEqual({
      from: '2026-11-16',
      to: '2026-11-22',
    });
  });
});
