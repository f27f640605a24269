import { centroid } from './normalize/geo';
import type { Place } from './post';

/** A place that can go on the map and into the location counters. */
export type MappablePlace = Place & { lat: number; lon: number };

const isLat = (x: unknown): x is number => typeof x === 'number' && x >= -90 && x <= 90;
const isLon = (x: unknown): x is number => typeof x === 'number' && x >= -180 && x <= 180;

export const isMappable = (place: Place | undefined): place is MappablePlace =>
  place !== undefined && isLat(place.lat) && isLon(place.lon);

/**
 * The post's place with the coordinates the aggregates use: exact coordinates when the source
 * gave them, else the bounding-box centroid. Ingest usually fills these already; enrichment
 * resolves again so posts stored by older ingest code, or replayed, still land on the map.
 * A place with neither keeps its name and country but is not counted per location.
 */
export function resolvePlace(place: Place | undefined): Place | undefined {
  if (place === undefined) return undefined;
  if (isMappable(place)) return { ...place, exact: place.exact ?? true };
  const { lat: _lat, lon: _lon, exact: _exact, ...named } = place;
  const bbox = place.bbox;
  if (bbox && isLon(bbox[0]) && isLat(bbox[1]) && isLon(bbox[2]) && isLat(bbox[3])) {
    return { ...named, ...centroid(bbox), exact: false };
  }
  return named;
}
