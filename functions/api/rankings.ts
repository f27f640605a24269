import type { LocationCounterItem, SentimentCounts } from '../domain/keys';
import { keyFrom, mergeBuckets, rank, type SortField } from './counters';
import type { Item } from './dynamo';

/** Builds the ranked item lists of GET /hashtags and GET /locations from bucket query results. */

export interface HashtagView extends SentimentCounts {
  tag: string;
  display: string;
  lastSeen: string;
  previousMentions: number | null;
}

/** A location as the API returns it: the counter item without its table bookkeeping. */
export type LocationView = Omit<
  LocationCounterItem,
  'pk' | 'sk' | 'scope' | 'bucket' | 'expiresAt'
>;

const tagOf = (item: Item): string | undefined => keyFrom(item, 'tag', 'TAG#');
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const coord = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isFinite(v) ? v : undefined;

/**
 * `previous` holds the preceding window's buckets (null when there is none, as for `all`); a tag
 * absent from it had 0 mentions there, as far as the top-K reads can tell.
 */
export function rankHashtags(
  current: Item[][],
  previous: Item[][] | null,
  sort: SortField,
  limit: number,
): HashtagView[] {
  const before = previous ? mergeBuckets(previous, tagOf) : null;
  return rank(mergeBuckets(current, tagOf), sort, limit).map(([tag, m]) => ({
    tag,
    display: str(m.newest.display) ?? tag,
    ...m.counts,
    lastSeen: m.lastSeen,
    previousMentions: before ? (before.get(tag)?.counts.mentions ?? 0) : null,
  }));
}

/** Locations without coordinates cannot be drawn on the map and are left out. */
export function rankLocations(current: Item[][], limit: number): LocationView[] {
  const merged = mergeBuckets(current, (item) =>
    coord(item.lat) !== undefined && coord(item.lon) !== undefined
      ? keyFrom(item, 'id', 'LOC#')
      : undefined,
  );
  return rank(merged, 'mentions', limit).map(([id, m]) => {
    const n = m.newest;
    const view: LocationView = {
      id,
      name: str(n.name) ?? id,
      lat: n.lat as number,
      lon: n.lon as number,
      ...m.counts,
      lastSeen: m.lastSeen,
    };
    const fullName = str(n.fullName);
    const country = str(n.country);
    const countryCode = str(n.countryCode);
    if (fullName) view.fullName = fullName;
    if (country) view.country = country;
    if (countryCode) view.countryCode = countryCode;
    return view;
  });
}
