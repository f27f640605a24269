/**
 * The posts one fault scenario sends: a seeded mix of the four wire formats, each scenario with
 * hashtags and createdAt minutes of its own, so one stack can run several scenarios and each
 * scenario's share of the aggregates can still be read exactly.
 */
import { createRng } from '../../../sources/demo/rng';
import {
  renderRecord,
  type PostSpec,
  type WireFormat,
} from '../../integration/support/known-posts';

const FORMATS: WireFormat[] = ['post', 'x-v2', 'x-v1', 'bsky'];

const TEXTS = [
  'Loving the new release, great work everyone, this is amazing',
  'This outage is terrible and really frustrating, worst day ever',
  'The meeting moved to Tuesday at noon in room four',
  'Happy with the speed but the price is awful and support is bad',
  'Fantastic keynote, I am so excited about this launch',
  'Everything is broken again and nobody answers, I hate this',
  'Shipping the update tonight, fingers crossed',
  'Thanks for the quick fix, works perfectly now',
];

const TAG_WORDS = ['Alpha', 'Bravo', 'Charlie', 'Delta', 'Echo'];

export interface ScenarioPosts {
  /** Scenario number, part of every id, hashtag and time bucket. */
  scenario: number;
  specs: PostSpec[];
  /** The scenario's hashtag keys (lower case). */
  tags: string[];
  /** First and last createdAt minute (ISO, whole minutes) of the scenario's posts. */
  minutes: { from: string; to: string };
}

/**
 * `count` posts for scenario `scenario` (1..20), created 10 + 4 x scenario minutes before `now`
 * over three minutes: scenarios never share a minute bucket or a hashtag.
 */
export function scenarioPosts(
  scenario: number,
  count: number,
  seed: number,
  now = new Date(),
): ScenarioPosts {
  const rng = createRng(seed * 100 + scenario);
  const tags = TAG_WORDS.map((w) => `F${scenario}${w}`);
  const lastMinute = Math.floor(now.getTime() / 60_000) * 60_000 - (10 + 4 * scenario) * 60_000;
  const firstMinute = lastMinute - 2 * 60_000;
  const serialBase = `9${String(scenario).padStart(2, '0')}${String(seed % 100_000).padStart(5, '0')}`;
  const specs = Array.from({ length: count }, (_, i): PostSpec => {
    const format = FORMATS[i % FORMATS.length]!;
    const picked = new Set<string>();
    const n = rng.int(1, 3);
    while (picked.size < n) picked.add(rng.pick(tags));
    // Mixed case on purpose: the aggregates fold case.
    const hashtags = [...picked].map((t) => (rng.chance(0.3) ? t.toLowerCase() : t));
    const text = [rng.pick(TEXTS), ...hashtags.map((t) => `#${t}`)].join(' ');
    const createdAt = new Date(firstMinute + rng.int(0, 2) * 60_000 + rng.int(0, 59) * 1000);
    const serial = `${serialBase}${String(i).padStart(5, '0')}`;
    const postId =
      format === 'x-v2' || format === 'x-v1'
        ? `x:${serial}`
        : format === 'bsky'
          ? `bsky:at://did:plc:faults${serialBase}/app.bsky.feed.post/3fault${String(i).padStart(5, '0')}`
          : `post:fault-${serial}`;
    return { format, postId, text, hashtags, cashtags: [], createdAt, lang: 'en' };
  });
  return {
    scenario,
    specs,
    tags: tags.map((t) => t.toLowerCase()),
    minutes: {
      from: new Date(firstMinute).toISOString(),
      to: new Date(lastMinute).toISOString(),
    },
  };
}

/** The Kinesis record a source would put for this post (partition key = post id). */
export const toRecord = (spec: PostSpec): { partitionKey: string; data: object } => ({
  partitionKey: spec.postId,
  data: renderRecord(spec),
});
