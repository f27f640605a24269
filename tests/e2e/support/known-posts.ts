import type { Place, Post } from '../../../functions/domain/post';

/** Markup that would run script if any view ever rendered it as HTML instead of text. */
export const HTML_PAYLOAD = '<img src=x onerror=alert(1)>';
/** Hashtags cannot hold whitespace (ingest drops such tags), so the tag's payload uses none. */
export const TAG_HTML_PAYLOAD = '<img/src=x/onerror=alert(1)>';

const place = (
  id: string,
  name: string,
  country: string,
  countryCode: string,
  lat: number,
  lon: number,
): Place => ({ id, name, fullName: name, country, countryCode, lat, lon, exact: true });

// Far apart, so no circle covers another at the fitted zoom and each one can be clicked.
export const PLACES: readonly Place[] = [
  place('e2e:berlin', 'Berlin', 'Germany', 'DE', 52.52, 13.405),
  place('e2e:tokyo', 'Tokyo', 'Japan', 'JP', 35.6762, 139.6503),
  place('e2e:new-york', 'New York', 'United States', 'US', 40.7128, -74.006),
  place('e2e:sao-paulo', 'São Paulo', 'Brazil', 'BR', -23.5505, -46.6333),
  place('e2e:sydney', 'Sydney', 'Australia', 'AU', -33.8688, 151.2093),
  place('e2e:payload', HTML_PAYLOAD, 'Kenya', 'KE', -1.2921, 36.8219),
];

export const TOP_TAG = { key: 'e2etop', display: 'E2eTop', count: 15 } as const;
export const PAYLOAD_TAG = { key: TAG_HTML_PAYLOAD, display: TAG_HTML_PAYLOAD, count: 3 } as const;

/** Hashtag displays of each post: E2eTop 15, Alpha 8, Beta 5, the payload 3, Gamma 2, 11 untagged. */
const TAG_PLAN: readonly (readonly string[])[] = [
  ...Array.from({ length: TOP_TAG.count }, (_, i) => [
    TOP_TAG.display,
    ...(i < 8 ? ['Alpha'] : []),
    ...(i >= 10 ? ['Beta'] : []),
  ]),
  [PAYLOAD_TAG.display],
  [PAYLOAD_TAG.display, 'Gamma'],
  [PAYLOAD_TAG.display],
  ['Gamma'],
  ...Array.from({ length: 11 }, () => []),
];

// A mix of moods so the chart has more than one line off the baseline.
const TEXTS = [
  'Loving the new release, great work everyone',
  'This outage is terrible and really frustrating',
  'The meeting moved to Tuesday at noon',
];

/**
 * The known input: Post JSON records, all created in the last minute before `now` so that
 * every window and the minute timeline of the dashboard include them.
 */
export function knownPosts(now: Date): Post[] {
  return TAG_PLAN.map((tags, i) => ({
    id: `post:e2e-${String(i).padStart(3, '0')}`,
    source: 'post',
    text: [TEXTS[i % TEXTS.length] ?? '', ...tags.map((t) => `#${t}`)].join(' '),
    createdAt: new Date(now.getTime() - (TAG_PLAN.length - i) * 1_000).toISOString(),
    lang: 'en',
    author: { id: `e2e-user-${i % 4}`, handle: `e2e_user_${i % 4}` },
    hashtags: tags.map((display) => ({ key: display.toLowerCase(), display })),
    cashtags: [],
    place: PLACES[i % PLACES.length],
    isRetweet: false,
    isReply: false,
  }));
}

/**
 * One Reddit submission, as the Reddit source sends it (a thing, not Post JSON): the newest
 * post, in r/E2e, with its permalink. The dashboard shows its subreddit and links to it.
 */
export const REDDIT_POST = {
  id: 'reddit:t3_e2e0001',
  subreddit: 'r/E2e',
  url: 'https://www.reddit.com/r/E2e/comments/e2e0001/loving_the_new_release/',
} as const;

export function knownRedditThing(now: Date): { kind: 't3'; data: Record<string, unknown> } {
  return {
    kind: 't3',
    data: {
      id: 'e2e0001',
      name: 't3_e2e0001',
      subreddit: 'E2e',
      subreddit_name_prefixed: 'r/E2e',
      // The text of the first known post, so the sentiment engine scores it the same way.
      title: TEXTS[0],
      selftext: '',
      author: 'e2e_redditor',
      author_fullname: 't2_e2e',
      permalink: '/r/E2e/comments/e2e0001/loving_the_new_release/',
      created_utc: Math.floor(now.getTime() / 1000),
    },
  };
}
