import { HttpClient } from '@angular/common/http';
import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  ElementRef,
  ViewEncapsulation,
  afterNextRender,
  computed,
  effect,
  inject,
  signal,
  viewChild,
} from '@angular/core';
import type { GeoJsonObject } from 'geojson';
import {
  CircleMarker,
  GeoJSON,
  LayerGroup,
  Map as LeafletMap,
  Util,
  circleMarker,
  geoJSON,
  latLngBounds,
  layerGroup,
  map as leafletMap,
  tileLayer,
} from 'leaflet';
import { ApiService } from '../core/api.service';
import type { LocationItem } from '../core/api.types';
import { APP_CONFIG } from '../core/config';
import { DashboardStateService } from '../core/dashboard-state.service';
import { pollResource } from '../core/poll';
import { formatCount } from '../shared/format';
import { markerStyle } from './marker-style';
import { buildPopupContent } from './popup-content';

/** The offline base layer: world-atlas countries-110m as GeoJSON, fetched only with the map. */
export const WORLD_OUTLINE_URL = 'assets/world-110m.geo.json';
export const LOCATION_LIMIT = 500;

const WORLD_VIEW = { center: [22, 10] as [number, number], zoom: 1.5 };

interface Placed {
  marker: CircleMarker;
  location: LocationItem;
}

@Component({
  selector: 'app-sentiment-map',
  changeDetection: ChangeDetectionStrategy.OnPush,
  // Leaflet creates its own DOM, which emulated encapsulation cannot reach; the styles are
  // scoped by the `.sentiment-map` class instead, and ship with this lazy chunk only.
  encapsulation: ViewEncapsulation.None,
  host: { class: 'panel sentiment-map' },
  templateUrl: './sentiment-map.html',
  styleUrl: './sentiment-map.scss',
})
export class SentimentMap {
  private readonly state = inject(DashboardStateService);
  private readonly api = inject(ApiService);
  private readonly http = inject(HttpClient);
  private readonly config = inject(APP_CONFIG);
  private readonly destroyRef = inject(DestroyRef);
  private readonly container = viewChild.required<ElementRef<HTMLElement>>('mapContainer');

  protected readonly locations = pollResource({
    source: 'locations',
    params: () => ({ window: this.state.window(), limit: LOCATION_LIMIT }),
    load: (query) => this.api.locations(query),
  });

  protected readonly items = computed(() => this.locations.value()?.items ?? []);
  protected readonly topPlaces = computed(() =>
    [...this.items()]
      .sort((a, b) => b.mentions - a.mentions)
      .slice(0, 5)
      .map((l) => ({
        id: l.id,
        name: l.name || l.fullName || l.id,
        mentions: formatCount(l.mentions),
      })),
  );

  private readonly mapReady = signal(false);
  private map: LeafletMap | undefined;
  private markerLayer: LayerGroup | undefined;
  private outline: GeoJSON | undefined;
  private readonly placed = new Map<string, Placed>();
  private fitted = false;
  private userMoved = false;

  constructor() {
    afterNextRender(() => this.createMap());
    effect(() => {
      const items = this.items();
      if (this.mapReady()) this.syncMarkers(items);
    });
    this.destroyRef.onDestroy(() => this.map?.remove());
  }

  /** Zooms to the markers again after the user has panned away. */
  protected fitToMarkers(): void {
    const map = this.map;
    const points = [...this.placed.values()].map((p) => p.marker.getLatLng());
    // Fitting into a zero-sized box would zoom all the way in.
    if (!map || map.getSize().x === 0 || map.getSize().y === 0) return;
    if (points.length === 0) {
      map.setView(WORLD_VIEW.center, WORLD_VIEW.zoom);
    } else if (points.length === 1) {
      map.setView(points[0]!, 5);
    } else {
      map.fitBounds(latLngBounds(points), { padding: [28, 28], maxZoom: 5 });
    }
  }

  private createMap(): void {
    const map = leafletMap(this.container().nativeElement, {
      center: WORLD_VIEW.center,
      zoom: WORLD_VIEW.zoom,
      // Below 1 the whole world fits a phone-wide map, so "fit to places" can show far-apart places.
      minZoom: 0,
      maxZoom: 10,
      zoomSnap: 0.5,
      worldCopyJump: true,
      attributionControl: true,
    });
    map.attributionControl.setPrefix(false);
    // The panel stretches with the grid row; Leaflet only notices window resizes by itself.
    // Until the user pans or zooms, the view keeps fitting the markers.
    const resizes = new ResizeObserver(([entry]) => {
      // Hidden or collapsed for a moment (tab switch, print, screenshot): nothing to fit to.
      if (!entry || entry.contentRect.width === 0 || entry.contentRect.height === 0) return;
      map.invalidateSize();
      if (this.fitted && !this.userMoved) this.fitToMarkers();
    });
    for (const type of ['pointerdown', 'wheel', 'keydown']) {
      this.container().nativeElement.addEventListener(type, () => (this.userMoved = true), {
        passive: true,
      });
    }
    resizes.observe(this.container().nativeElement);
    this.destroyRef.onDestroy(() => resizes.disconnect());
    // Below the markers whatever order the layers arrive in.
    map.createPane('outline').style.zIndex = '250';
    this.map = map;
    this.markerLayer = layerGroup().addTo(map);
    this.loadOutline(map);
    this.probeTiles(map);
    this.mapReady.set(true);
  }

  private loadOutline(map: LeafletMap): void {
    this.http.get<GeoJsonObject>(WORLD_OUTLINE_URL).subscribe({
      next: (world) => {
        if (this.map !== map) return;
        try {
          this.outline = geoJSON(world, {
            pane: 'outline',
            interactive: false,
            style: { color: '#c3cad5', weight: 0.8, fillColor: '#e7ebf0', fillOpacity: 1 },
          }).addTo(map);
        } catch (error) {
          // A damaged asset costs the outline, not the map.
          console.warn('World outline unusable', error);
        }
      },
      // Without the outline the markers still work on the plain background.
      error: () => undefined,
    });
  }

  /**
   * The online tile layer joins only once a first tile has loaded, so an offline or locked-down
   * network never shows grey squares or broken-image icons over the outline.
   */
  private probeTiles(map: LeafletMap): void {
    const url = this.config.tileUrl;
    if (!url) return;
    const probe = new Image();
    probe.onload = () => {
      if (this.map !== map) return;
      tileLayer(url, { attribution: this.config.tileAttribution ?? '', maxZoom: 19 }).addTo(map);
      this.outline?.remove();
    };
    probe.src = Util.template(url, { s: 'a', z: 0, x: 0, y: 0, r: '' });
  }

  private syncMarkers(items: readonly LocationItem[]): void {
    const layer = this.markerLayer;
    if (!layer) return;
    const maxMentions = items.reduce((max, l) => Math.max(max, l.mentions), 0);
    const seen = new Set<string>();
    // Biggest first, so smaller circles are drawn on top and stay clickable.
    const ordered = [...items].sort((a, b) => b.mentions - a.mentions);
    for (const location of ordered) {
      if (!Number.isFinite(location.lat) || !Number.isFinite(location.lon)) continue;
      seen.add(location.id);
      const style = markerStyle(location, maxMentions);
      const existing = this.placed.get(location.id);
      if (existing) {
        existing.location = location;
        existing.marker
          .setLatLng([location.lat, location.lon])
          .setStyle(style)
          .setRadius(style.radius);
        this.describeMarker(existing);
        if (existing.marker.isPopupOpen())
          existing.marker.setPopupContent(buildPopupContent(location));
        continue;
      }
      const placed: Placed = {
        marker: circleMarker([location.lat, location.lon], style),
        location,
      };
      // The popup is built when opened, from the latest numbers.
      placed.marker.bindPopup(() => buildPopupContent(placed.location), { maxWidth: 260 });
      placed.marker.addTo(layer);
      this.placed.set(location.id, placed);
      this.makeAccessible(placed);
    }
    for (const [id, placed] of this.placed) {
      if (seen.has(id)) continue;
      placed.marker.remove();
      this.placed.delete(id);
    }
    if (!this.fitted && this.placed.size > 0) {
      this.fitted = true;
      this.fitToMarkers();
    }
  }

  /** SVG circles get a test id, a name, and keyboard access (Enter or Space opens the popup). */
  private makeAccessible(placed: Placed): void {
    const element = placed.marker.getElement();
    if (!element) return;
    element.setAttribute('data-testid', 'map-marker');
    element.setAttribute('data-location-id', placed.location.id);
    element.setAttribute('tabindex', '0');
    element.setAttribute('role', 'button');
    element.addEventListener('keydown', (event) => {
      const key = (event as KeyboardEvent).key;
      if (key !== 'Enter' && key !== ' ') return;
      event.preventDefault();
      placed.marker.openPopup();
    });
    this.describeMarker(placed);
  }

  private describeMarker(placed: Placed): void {
    const { location } = placed;
    placed.marker
      .getElement()
      ?.setAttribute(
        'aria-label',
        `${location.name || location.id}: ${formatCount(location.mentions)} mentions`,
      );
  }
}
