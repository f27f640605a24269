import stopwords from 'stopwords-iso/stopwords-iso.json';
import { MODEL_LANGUAGES } from '../nlp/engine/languages';
import type { Sentiment } from './post';
import { maskUrls, TAG_CHARS } from './text';

const SENTIMENT_FIELD = {
  POSITIVE: 'positive',
  NEGATIVE: 'negative',
  NEUTRAL: 'neutral',
  MIXED: 'mixed',
} as const satisfies Record<Sentiment, string>;

/**
 * The words of a post for the word cloud: what people say, without what says nothing. Words come
 * from Unicode word segmentation (Intl.Segmenter, which also splits Chinese and Japanese, written
 * without spaces); links, @mentions, #hashtags and $cashtags (they have panels of their own),
 * numbers (with a unit of time or an ordinal suffix too: "3pm", "2nd") and one-letter words are
 * dropped, and so are the stop words of the post's language (stopwords-iso, 58 languages; for
 * posts of no known language, those of the languages the built-in sentiment engine scores).
 */

/** Words in every stream that say nothing about its topic. */
const STREAM_WORDS = ['rt', 'amp', 'via', 'cc', 'http', 'https', 'www', 'com'];

const LISTS = stopwords as Record<string, string[]>;
const cache = new Map<string, Set<string>>();

/**
 * A post of no known language (too short for detection, or a language without a list) takes the
 * stop words of every language the built-in engine scores: with English's alone, short Spanish
 * posts filled a word cloud with "en", "el" and "del".
 */
const UNKNOWN = 'und';

function stopWordsOf(lang: string | undefined): Set<string> {
  const code = lang && LISTS[lang] ? lang : UNKNOWN;
  let set = cache.get(code);
  if (!set) {
    const lists = code === UNKNOWN ? MODEL_LANGUAGES.map((l) => LISTS[l]) : [LISTS[code]];
    set = new Set([...lists.flatMap((l) => l ?? []), ...STREAM_WORDS].map((w) => w.toLowerCase()));
    cache.set(code, set);
  }
  return set;
}

// A '#', '＃', '$' or '@' and the word after it: tags, cashtags and mentions. A tag runs over the
// characters the hashtag parser takes (joiners and middle dots too, so no part of a tag is left
// over as a word); a mention runs on over dots and hyphens between its parts: Bluesky handles
// are domains (@ana.bsky.social).
const MARKED_WORD_RE = new RegExp(
  String.raw`[#＃$][${TAG_CHARS}]+|@[\p{L}\p{M}\p{N}_]+(?:[.-][\p{L}\p{M}\p{N}_]+)*`,
  'gu',
);
const NUMBER_RE = /^[\p{N}.,:'’-]+$/u;
// A number with a unit of time or an ordinal suffix ("3pm", "15h", "2nd", "10min"): when, not
// what. Sizes and generations ("4k", "5g") stay: they can be a topic.
const TIME_OR_ORDINAL_RE = /^\p{N}+(?:am|pm|h|hs|hrs?|mins?|st|nd|rd|th)$/u;
const segmenter = new Intl.Segmenter(undefined, { granularity: 'word' });

/** Up to `max` distinct words of a text, in order, lower case (locale-independent), NFKC. */
export function termsOf(text: string, lang?: string, max = 20): string[] {
  const stop = stopWordsOf(lang);
  const out = new Set<string>();
  const plain = maskUrls(text).replace(MARKED_WORD_RE, ' ');
  for (const { segment, isWordLike } of segmenter.segment(plain)) {
    if (!isWordLike) continue;
    const word = segment.normalize('NFKC').toLowerCase();
    if ([...word].length < 2 || NUMBER_RE.test(word) || TIME_OR_ORDINAL_RE.test(word)) continue;
    if (stop.has(word)) continue;
    out.add(word);
    if (out.size >= max) break;
  }
  return [...out];
}

export interface TermCount {
  term: string;
  /** Posts that use the word (a post counts once however often it repeats it). */
  posts: number;
  positive: number;
  negative: number;
  neutral: number;
  mixed: number;
}

export interface TermSource {
  text: string;
  lang?: string;
  sentiment?: Sentiment;
}

/**
 * The most used words over some posts, by the number of posts using each, with the sentiments
 * of those posts (the word cloud colours a word by them).
 */
export function topTerms(
  posts: Iterable<TermSource>,
  limit: number,
  wordsOf: (post: TermSource) => string[] = (p) => termsOf(p.text, p.lang),
): TermCount[] {
  const counts = new Map<string, TermCount>();
  for (const p of posts) {
    const field = p.sentiment ? SENTIMENT_FIELD[p.sentiment] : undefined;
    for (const term of wordsOf(p)) {
      let c = counts.get(term);
      if (!c) {
        c = { term, posts: 0, positive: 0, negative: 0, neutral: 0, mixed: 0 };
        counts.set(term, c);
      }
      c.posts += 1;
      if (field) c[field] += 1;
    }
  }
  return [...counts.values()]
    .sort((a, b) => b.posts - a.posts || (a.term < b.term ? -1 : a.term > b.term ? 1 : 0))
    .slice(0, limit);
}
