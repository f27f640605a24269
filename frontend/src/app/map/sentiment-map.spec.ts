import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { XSS, location, locationsResponse } from '../../testing/fixtures';
import { provideDashboardTesting } from '../../testing/test-providers';
import { DashboardStateService } from '../core/dashboard-state.service';
import { LOCATION_LIMIT, SentimentMap, WORLD_OUTLINE_URL } from './sentiment-map';

describe('SentimentMap', () => {
  let fixture: ComponentFixture<SentimentMap>;
  let http: HttpTestingController;

  const el = () => fixture.nativeElement as HTMLElement;
  const markers = () => [...el().querySelectorAll<SVGElement>('[data-testid="map-marker"]')];

  async function render(): Promise<void> {
    fixture.detectChanges();
    await fixture.whenStable();
  }

  beforeEach(async () => {
    TestBed.configureTestingModule({ providers: provideDashboardTesting() });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(SentimentMap);
    await render();
  });

  afterEach(() => {
    http.match('/api/stats');
    http.verify();
  });

  function answer(
    items = [location('berlin'), location('paris', { lat: 48.9, lon: 2.3, mentions: 30 })],
  ) {
    http
      .expectOne(`/api/locations?limit=${LOCATION_LIMIT}&window=24h`)
      .flush(locationsResponse(items));
  }

  it('fetches the world outline lazily as a static asset', () => {
    http.expectOne(WORLD_OUTLINE_URL).flush({ type: 'FeatureCollection', features: [] });
    answer();
  });

  it('draws one marker per location, and updates them in place on refresh', async () => {
    http.match(WORLD_OUTLINE_URL);
    answer();
    await render();
    expect(
      markers()
        .map((m) => m.getAttribute('data-location-id'))
        .sort(),
    ).toEqual(['berlin', 'paris']);
    const [biggest] = markers();
    expect(biggest?.getAttribute('aria-label')).toBe('paris: 30 mentions');

    TestBed.inject(DashboardStateService).window.set('1h');
    await render();
    http
      .expectOne(`/api/locations?limit=${LOCATION_LIMIT}&window=1h`)
      .flush(locationsResponse([location('paris', { lat: 48.9, lon: 2.3, mentions: 31 })]));
    await render();
    expect(markers()).toHaveLength(1);
    expect(markers()[0]).toBe(biggest);
    expect(biggest?.getAttribute('aria-label')).toBe('paris: 31 mentions');
  });

  it('opens a popup with text-only content when a marker is activated by keyboard', async () => {
    http.match(WORLD_OUTLINE_URL);
    answer([location('evil', { name: XSS, country: XSS })]);
    await render();
    const marker = markers()[0]!;
    expect(marker.getAttribute('tabindex')).toBe('0');
    marker.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    const popup = el().querySelector('[data-testid="map-popup"]');
    expect(popup?.textContent).toContain(XSS);
    expect(el().querySelector('.leaflet-popup img')).toBeNull();
  });

  it('says when no post has a place yet', async () => {
    http.match(WORLD_OUTLINE_URL);
    answer([]);
    await render();
    expect(el().querySelector('[data-testid="map-empty"]')).not.toBeNull();
    expect(markers()).toHaveLength(0);
  });
});

describe('SentimentMap with a damaged outline asset', () => {
  it('keeps working without the outline', async () => {
    TestBed.configureTestingModule({ providers: provideDashboardTesting() });
    const http = TestBed.inject(HttpTestingController);
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const fixture = TestBed.createComponent(SentimentMap);
    fixture.detectChanges();
    await fixture.whenStable();
    http.expectOne(WORLD_OUTLINE_URL).flush({ not: 'geojson' });
    http
      .expectOne(`/api/locations?limit=${LOCATION_LIMIT}&window=24h`)
      .flush(locationsResponse([location('a')]));
    fixture.detectChanges();
    await fixture.whenStable();
    expect(warn).toHaveBeenCalled();
    expect(
      (fixture.nativeElement as HTMLElement).querySelectorAll('[data-testid="map-marker"]'),
    ).toHaveLength(1);
    warn.mockRestore();
  });
});
