import { z } from 'zod';
import type { Place } from '../post';

export type BBox = [west: number, south: number, east: number, north: number];

const lon = z.number().min(-180).max(180);
const lat = z.number().min(-90).max(90);

/** GeoJSON Point: coordinates are [longitude, latitude]. */
export const geoPointSchema = z.object({
  type: z.literal('Point'),
  coordinates: z.tuple([lon, lat]).rest(z.number()),
});

/** GeoJSON Polygon as X v1.1 sends `place.bounding_box`. */
export const geoPolygonSchema = z.object({
  type: z.literal('Polygon'),
  coordinates: z.array(z.array(z.tuple([lon, lat]).rest(z.number())).min(1)).min(1),
});

/** `[west, south, east, north]`; west > east when the box crosses the antimeridian. */
export const bboxSchema = z.tuple([lon, lat, lon, lat]);

/**
 * Bounding box of a polygon's outer ring. A ring spanning more than 180 degrees of longitude is
 * taken to cross the antimeridian (no X place is that wide), so west and east swap.
 */
export function bboxOfPolygon(ring: readonly (readonly number[])[]): BBox {
  const lons = ring.map((p) => p[0] ?? 0);
  const lats = ring.map((p) => p[1] ?? 0);
  const [minLon, maxLon] = [Math.min(...lons), Math.max(...lons)];
  const [minLat, maxLat] = [Math.min(...lats), Math.max(...lats)];
  if (maxLon - minLon > 180) {
    const west = Math.min(...lons.filter((x) => x > 0));
    const east = Math.max(...lons.filter((x) => x < 0));
    return [west, minLat, east, maxLat];
  }
  return [minLon, minLat, maxLon, maxLat];
}

const round6 = (x: number): number => Math.round(x * 1e6) / 1e6;

/** Centre of a bounding box, crossing the antimeridian when west > east. */
export function centroid([west, south, east, north]: BBox): { lat: number; lon: number } {
  let lonMid = west <= east ? (west + east) / 2 : (west + east + 360) / 2;
  if (lonMid > 180) lonMid -= 360;
  return { lat: round6((south + north) / 2), lon: round6(lonMid) };
}

/** Stable place id: the source's own id, else `<countryCode>:<name>` lower-cased. */
export function placeId(
  sourceId: string | undefined,
  countryCode: string | undefined,
  name: string,
): string {
  if (sourceId) return sourceId;
  return `${countryCode ?? ''}:${name}`.toLowerCase();
}

export interface PlaceInput {
  id?: string;
  name?: string;
  fullName?: string;
  country?: string;
  countryCode?: string;
  bbox?: BBox;
  /** Exact [lon, lat] when the post carries a point. */
  point?: readonly number[];
}

/**
 * A Post place from what the source gave: exact coordinates beat the bbox centroid. A point with
 * no named place gets a `geo:<lat>,<lon>` id rounded to about 1 km, so nearby posts share a dot.
 */
export function buildPlace(input: PlaceInput): Place | undefined {
  const [pLon, pLat] = input.point ?? [];
  const exact = pLon !== undefined && pLat !== undefined ? { lat: pLat, lon: pLon } : undefined;
  const name = input.name ?? input.fullName;
  if (name === undefined && input.id === undefined) {
    if (!exact) return undefined;
    const label = `${exact.lat.toFixed(2)},${exact.lon.toFixed(2)}`;
    return { id: `geo:${label}`, name: label, ...exact, exact: true };
  }
  const coords = exact ?? (input.bbox ? centroid(input.bbox) : undefined);
  return {
    id: placeId(input.id, input.countryCode, name ?? ''),
    name: name ?? '',
    fullName: input.fullName,
    country: input.country || undefined,
    countryCode: input.countryCode || undefined,
    ...coords,
    bbox: input.bbox,
    exact: coords ? exact !== undefined : undefined,
  };
}
