import type { Hashtag } from './post';

/**
 * Hashtag and cashtag handling shared by ingest (counting keys) and the API (query keys), so a
 * `tag` parameter and a stored post always agree on the key.
 */

const MAX_TAG_LENGTH = 140;
const MAX_TAGS_PER_POST = 100;

/** `#AWS`, `＃ＡＷＳ`, `aws` -> `aws`. Lower-casing is locale-independent on purpose. */
export function hashtagKey(tag: string): string {
  return tag
    .replace(/^[#＃]/u, '')
    .normalize('NFKC')
    .toLowerCase();
}

/** `$AAPL`, `AAPL`, `$aapl` -> `$aapl`, the feed key of a cashtag. */
export function cashtagKey(tag: string): string {
  return `$${tag
    .replace(/^[$＄]/u, '')
    .normalize('NFKC')
    .toLowerCase()}`;
}

/** Schema form of a cashtag (`$AAPL`), or undefined when the symbol is not a valid ticker. */
export function cashtagDisplay(symbol: string): string | undefined {
  const upper = symbol
    .replace(/^[$＄]/u, '')
    .normalize('NFKC')
    .toUpperCase();
  return /^[A-Z][A-Z0-9._]{0,11}$/.test(upper) ? `$${upper}` : undefined;
}

/** Hashtags from display forms (with or without '#'): deduped by key, first display wins. */
export function toHashtags(displays: Iterable<string>): Hashtag[] {
  const seen = new Set<string>();
  const out: Hashtag[] = [];
  for (const raw of displays) {
    const display = raw.replace(/^[#＃]/u, '');
    const key = hashtagKey(display);
    if (key === '' || key.length > MAX_TAG_LENGTH || display.length > MAX_TAG_LENGTH) continue;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ key, display });
    if (out.length === MAX_TAGS_PER_POST) break;
  }
  return out;
}

/** Cashtags in schema form (`$AAPL`), deduped, invalid symbols dropped. */
export function toCashtags(symbols: Iterable<string>): string[] {
  const out = new Set<string>();
  for (const symbol of symbols) {
    const tag = cashtagDisplay(symbol);
    if (tag !== undefined) out.add(tag);
    if (out.size === MAX_TAGS_PER_POST) break;
  }
  return [...out];
}

// Scheme URLs and www. hosts: a '#' or '$' inside them is a fragment or a parameter, not a tag.
const URL_RE = /(?:\b[a-z][a-z0-9+.-]*:\/\/|\bwww\.)[^\s<>"]+/giu;

function maskUrls(text: string): string {
  return text.replace(URL_RE, (url) => ' '.repeat(url.length));
}

// Close to twitter-text: a tag starts after a non-word character, runs over letters, marks,
// digits, '_' and the joiners some scripts need, and must hold at least one letter ("#1" is not
// a tag). The lookahead stops backtracking into a shorter tag before another '#' or "://".
// (The zero-width joiners sit outside the class: inside one they would read as joining.)
const TAG_CHAR = String.raw`(?:[\p{L}\p{M}\p{N}_\u00b7\u30fb]|\u200c|\u200d)`;
const HASHTAG_RE = new RegExp(
  String.raw`(?<![\p{L}\p{M}\p{N}_&#＃$@/])[#＃](${TAG_CHAR}+)(?!${TAG_CHAR}|[#＃]|:\/\/)`,
  'gu',
);
const HAS_LETTER_RE = /\p{L}/u;

/** Hashtag display forms (without '#') in the order they appear, outside URLs. */
export function extractHashtags(text: string): string[] {
  const out: string[] = [];
  for (const m of maskUrls(text).matchAll(HASHTAG_RE)) {
    const tag = m[1];
    if (tag !== undefined && HAS_LETTER_RE.test(tag)) out.push(tag);
  }
  return out;
}

// twitter-text's cashtag rule: 1-6 letters, optionally a '.' or '_' class suffix ($BRK.B).
const CASHTAG_RE =
  /(?<![\p{L}\p{N}_$])\$([A-Za-z]{1,6}(?:[._][A-Za-z]{1,2})?)(?![\p{L}\p{M}\p{N}_$])/gu;

/** Cashtag symbols (without '$') in the order they appear, outside URLs. */
export function extractCashtags(text: string): string[] {
  const out: string[] = [];
  for (const m of maskUrls(text).matchAll(CASHTAG_RE)) {
    if (m[1] !== undefined) out.push(m[1]);
  }
  return out;
}

const LONE_SURROGATE_RE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Replaces unpaired UTF-16 surrogates with U+FFFD (what String#toWellFormed does in ES2024). */
export function replaceLoneSurrogates(s: string): string {
  return s.replace(LONE_SURROGATE_RE, '\uFFFD');
}
