import type { Author } from '../authors';
import type { City } from '../places';
import type { TextEntity } from '../text';

/** X API v1.1 `entities` (code-point `indices`). */
export function v1Entities(entities: readonly TextEntity[]) {
  const of = (k: TextEntity['kind']) => entities.filter((e) => e.kind === k);
  return {
    hashtags: of('hashtag').map((e) => ({ text: e.value, indices: [e.start, e.end] })),
    urls: of('url').map((e) => ({
      url: e.value,
      expanded_url: e.expandedUrl ?? e.value,
      display_url: displayUrl(e.expandedUrl ?? e.value),
      indices: [e.start, e.end],
    })),
    user_mentions: of('mention').map((e) => ({
      screen_name: e.value,
      name: e.author?.name ?? e.value,
      id: Number(e.author?.xId ?? 0),
      id_str: e.author?.xId ?? '0',
      indices: [e.start, e.end],
    })),
    symbols: of('cashtag').map((e) => ({ text: e.value, indices: [e.start, e.end] })),
  };
}

/** X API v2 `entities`: only the kinds present, as the API omits empty ones. */
export function v2Entities(entities: readonly TextEntity[]): Record<string, unknown> | undefined {
  const out: Record<string, unknown[]> = {};
  const add = (key: string, item: unknown) => (out[key] ??= []).push(item);
  for (const e of entities) {
    if (e.kind === 'hashtag') add('hashtags', { start: e.start, end: e.end, tag: e.value });
    else if (e.kind === 'cashtag') add('cashtags', { start: e.start, end: e.end, tag: e.value });
    else if (e.kind === 'mention') {
      add('mentions', { start: e.start, end: e.end, username: e.value, id: e.author?.xId });
    } else {
      const expanded = e.expandedUrl ?? e.value;
      add('urls', {
        start: e.start,
        end: e.end,
        url: e.value,
        expanded_url: expanded,
        display_url: displayUrl(expanded),
      });
    }
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

export function displayUrl(url: string): string {
  const bare = url.replace(/^https?:\/\/(www\.)?/, '');
  return bare.length > 26 ? `${bare.slice(0, 25)}…` : bare;
}

export function v1Place(city: City) {
  const [w, s, e, n] = city.bbox;
  return {
    id: city.id,
    url: `https://api.twitter.com/1.1/geo/id/${city.id}.json`,
    place_type: 'city',
    name: city.name,
    full_name: city.fullName,
    country_code: city.countryCode,
    country: city.country,
    bounding_box: {
      type: 'Polygon',
      coordinates: [
        [
          [w, s],
          [w, n],
          [e, n],
          [e, s],
        ],
      ],
    },
    attributes: {},
  };
}

export function v2Place(city: City) {
  return {
    id: city.id,
    full_name: city.fullName,
    name: city.name,
    country: city.country,
    country_code: city.countryCode,
    place_type: 'city',
    geo: { type: 'Feature', bbox: [...city.bbox], properties: {} },
  };
}

export function v2User(a: Author) {
  return {
    id: a.xId,
    name: a.name,
    username: a.username,
    created_at: a.createdAt,
    verified: false,
    public_metrics: { followers_count: a.followers },
  };
}
