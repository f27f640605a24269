import type { Author } from './authors';
import type { Tone } from './languages';
import type { City } from './places';
import type { BuiltText } from './text';
import type { Topic } from './topics';

export const DEMO_FORMATS = ['x-v2', 'x-v1', 'bsky'] as const;
export type DemoFormat = (typeof DEMO_FORMATS)[number];

/** A post before it is rendered in a source's wire format. */
export interface Draft {
  format: DemoFormat;
  /** X: snowflake id; Bluesky: the record key (a TID). */
  id: string;
  createdAt: Date;
  lang: string;
  tone: Tone;
  topic: Topic;
  author: Author;
  body: BuiltText;
  place?: { city: City; point?: [lon: number, lat: number] };
  replyTo?: Draft;
  retweetOf?: Draft;
  /** Posting client, as X reports it. */
  client: string;
  /** Bluesky only. */
  bsky?: { timeUs: bigint; rev: string; cid: string; extraTags: string[] };
}

export const atUri = (d: Draft): string => `at://${d.author.did}/app.bsky.feed.post/${d.id}`;

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n: number): string => String(n).padStart(2, '0');

/** X API v1.1's date format: "Wed Oct 10 20:19:24 +0000 2018". */
export function v1Date(d: Date): string {
  return (
    `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${two(d.getUTCDate())} ` +
    `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} +0000 ${d.getUTCFullYear()}`
  );
}
