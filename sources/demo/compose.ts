import type { Author } from './authors';
import { base62 } from './ids';
import { EMOJI, elongate, type LanguagePack, type Tone } from './languages';
import type { Rng } from './rng';
import { TextBuilder, type BuiltText } from './text';
import { GENERIC_TAGS, TOPICS, type Topic } from './topics';

export interface ComposeOptions {
  network: 'x' | 'bsky';
  pack: LanguagePack;
  tone: Tone;
  topic: Topic;
  /** City named by templates with a {c} slot. */
  cityName: string;
  replyTo?: Author;
  /** Someone to mention ("cc @..."), when the post mentions anyone. */
  mention: () => Author;
  /** Longest text the network allows, in code points. */
  maxLength: number;
}

const SLOT = /(\{s\}|\{c\}|\{so\}|\{e\})/;

const LINKS = [
  'https://www.reuters.com/world/',
  'https://www.bbc.com/news/',
  'https://github.com/',
  'https://www.youtube.com/watch?v=',
  'https://aws.amazon.com/blogs/',
  'https://www.theverge.com/',
  'https://elpais.com/',
  'https://www.lemonde.fr/',
];

const TAG_COUNT_WEIGHTS = [0.2, 0.45, 0.25, 0.1];

/** Assembles a post's text from the language's templates, with its entities. */
export function composeBody(rng: Rng, o: ComposeOptions): BuiltText {
  const b = new TextBuilder();
  const handle = (a: Author): string => (o.network === 'x' ? a.username : a.bskyHandle);

  if (o.replyTo)
    b.entity('mention', `@${handle(o.replyTo)}`, handle(o.replyTo), { author: o.replyTo });

  const tags = pickTags(rng, o.topic, o.pack.code);
  // An inline hashtag needs a space after it, which unspaced scripts (Japanese) do not have.
  const inlineTag = o.pack.spaced && tags.length > 0 && rng.chance(0.3) ? tags.shift() : undefined;

  b.space();
  expand(rng, b, rng.pick(o.pack.templates[o.tone]), o, inlineTag);
  b.trimEnd();
  // Follow-up sentences make some posts long (X v1.1 then needs `extended_tweet`); a sentence
  // is at most ~90 characters, so the budget check keeps the text under the network's limit.
  const followUpTone = o.tone === 'mixed' ? 'neutral' : o.tone;
  for (const p of [0.3, 0.35]) {
    if (!rng.chance(p) || b.length > o.maxLength - 150) break;
    b.text(o.pack.spaced ? ' ' : '');
    expand(rng, b, rng.pick(o.pack.templates[followUpTone]), o, undefined);
    b.trimEnd();
  }
  if (rng.chance(0.08) && b.length < o.maxLength - 40) {
    const who = o.mention();
    b.space()
      .text('cc ')
      .entity('mention', `@${handle(who)}`, handle(who), { author: who });
  }
  if (rng.chance(0.15) && b.length < o.maxLength - 30) {
    const expanded = rng.pick(LINKS) + base62(rng, 11);
    const shown = o.network === 'x' ? `https://t.co/${base62(rng, 10)}` : expanded;
    b.space().entity('url', shown, shown, { expandedUrl: expanded });
  }
  for (const tag of tags) {
    if (b.length + tag.length + 2 > o.maxLength) break;
    b.space().entity('hashtag', `#${tag}`, tag);
  }
  for (const cashtag of pickCashtags(rng, o.topic)) {
    if (b.length + cashtag.length + 1 > o.maxLength) break;
    b.space().entity('cashtag', cashtag, cashtag.slice(1));
  }
  if (rng.chance(0.1)) b.space().text(rng.pick(EMOJI[o.tone]));
  return b.trimEnd().build();
}

function expand(
  rng: Rng,
  b: TextBuilder,
  template: string,
  o: ComposeOptions,
  inlineTag: string | undefined,
): void {
  for (const part of template.split(SLOT)) {
    if (part === '{s}') {
      if (inlineTag !== undefined) b.entity('hashtag', `#${inlineTag}`, inlineTag);
      else b.text(rng.pick(o.topic.subjects));
    } else if (part === '{c}') {
      b.text(o.cityName);
    } else if (part === '{so}') {
      b.text(elongateMarked(rng, rng.pick(o.pack.so)));
    } else if (part === '{e}') {
      if (rng.chance(0.7)) b.text(rng.pick(EMOJI[o.tone]));
    } else if (part !== '') {
      b.text(elongateMarked(rng, part));
    }
  }
}

/** Elongates words marked with `~` now and then ("so~" -> "sooo"), and drops the marks. */
function elongateMarked(rng: Rng, s: string): string {
  return s.replace(/([^\s~]+)~/g, (_m, word: string) =>
    rng.chance(0.25) ? elongate(word, rng.int(2, 5)) : word,
  );
}

function pickTags(rng: Rng, topic: Topic, lang: string): string[] {
  const count = rng.weightedIndex(TAG_COUNT_WEIGHTS);
  const local = topic.localTags?.[lang] ?? [];
  const pool = [...topic.tags, ...local];
  // The first tag of a topic is its main one; local tags are popular where they are used.
  const weights = [...topic.tags.map((_, i) => (i === 0 ? 4 : 1.5 / i)), ...local.map(() => 3)];
  const chosen: string[] = [];
  const keys = new Set<string>();
  for (let i = 0; i < count * 3 && chosen.length < count; i++) {
    let tag = rng.weighted(pool, weights);
    if (/^[A-Za-z0-9]+$/.test(tag) && rng.chance(0.1)) tag = tag.toLowerCase();
    if (keys.has(tag.toLowerCase())) continue;
    keys.add(tag.toLowerCase());
    chosen.push(tag);
  }
  if (rng.chance(0.05)) {
    const generic = rng.pick(GENERIC_TAGS);
    if (!keys.has(generic.toLowerCase())) chosen.push(generic);
  }
  return chosen;
}

const MARKET_CASHTAGS = TOPICS.find((t) => t.key === 'markets')?.cashtags ?? [];

function pickCashtags(rng: Rng, topic: Topic): string[] {
  const own = topic.cashtags ?? [];
  const out = new Set<string>();
  if (own.length > 0 && rng.chance(0.55)) {
    out.add(rng.pick(own));
    if (rng.chance(0.3)) out.add(rng.pick(own));
  } else if (rng.chance(0.03)) {
    out.add(rng.pick(MARKET_CASHTAGS));
  }
  return [...out];
}
