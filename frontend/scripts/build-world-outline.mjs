// Regenerates public/assets/world-110m.geo.json, the map's offline base layer, from world-atlas's
// countries-110m TopoJSON. The output is committed so builds need no conversion step; run this
// again only when world-atlas is upgraded: `node frontend/scripts/build-world-outline.mjs`.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { feature } from 'topojson-client';

const require = createRequire(import.meta.url);
const topology = JSON.parse(
  readFileSync(require.resolve('world-atlas/countries-110m.json'), 'utf8'),
);
const countries = feature(topology, topology.objects.countries);

// Two decimals (about 1 km) is far finer than the 1:110m source, and halves the file.
const round = (value) => (Array.isArray(value) ? value.map(round) : Math.round(value * 100) / 100);

// Rings that cross the antimeridian (Russia, Fiji) jump from 180 to -180, which Leaflet draws as
// a line across the whole map; moving their western half past 180 keeps them in one piece.
const unwrapRing = (ring) =>
  ring.some((p, i) => i > 0 && Math.abs(p[0] - ring[i - 1][0]) > 180)
    ? ring.map(([lon, lat]) => [lon < 0 ? lon + 360 : lon, lat])
    : ring;
const unwrap = (geometry) =>
  geometry.type === 'Polygon'
    ? geometry.coordinates.map(unwrapRing)
    : geometry.coordinates.map((polygon) => polygon.map(unwrapRing));

// Antarctica has no posts and its outline only adds a heavy band at the bottom of the map.
const outline = {
  type: 'FeatureCollection',
  features: countries.features
    .filter((f) => f.properties?.name !== 'Antarctica')
    .map((f) => ({
      type: 'Feature',
      properties: { name: f.properties?.name ?? '' },
      geometry: { type: f.geometry.type, coordinates: round(unwrap(f.geometry)) },
    })),
};

const target = new URL('../public/assets/world-110m.geo.json', import.meta.url);
writeFileSync(target, JSON.stringify(outline));
console.log(`wrote ${target.pathname} (${outline.features.length} countries)`);
