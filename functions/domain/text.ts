import { foldMixedScript } from './confusables';
import { MAX_TEXT_LENGTH, type Hashtag } from './post';

/**
 * Hashtag and cashtag handling shared by ingest (counting keys) and the API (query keys), so a
 * `tag` parameter and a stored post always agree on the key.
 */

const MAX_TAG_LENGTH = 140;
const MAX_TAGS_PER_POST = 100;

// Characters a reader does not see: zero-width spaces and joiners, soft hyphens, bidi controls,
// variation selectors, the BOM. In a tag they are either invisible or spoofing; never a new tag.
const INVISIBLE_RE = /[\p{Default_Ignorable_Code_Point}\p{Cf}]/gu;
const ASCII_RE = /^[\x20-\x7e]*$/;

/**
 * A subreddit as it is written (`r/aws`, `/r/AWS`, `#r/aws`) or as its key (`r:aws`). Reddit's
 * names are 2-21 ASCII letters, digits and `_`, and case-insensitive.
 */
const SUBREDDIT_RE = /^\/?r[/:]([A-Za-z0-9_]{2,21})$/;

/**
 * The counting key of a subreddit, which Reddit posts carry as a tag-like key: `r:aws`. Not
 * `r/aws`: the key is a path segment of `GET /hashtags/{tag}/timeline`, and API Gateway does not
 * route an encoded slash. A hashtag never holds `:`, so the two cannot meet.
 */
export const subredditKey = (name: string): string => `r:${name.toLowerCase()}`;

/** `r/aws` for a post in r/aws: the display form of its tag-like key. */
export const subredditDisplay = (name: string): string => `r/${name}`;

/** The subreddit name a tag or key names (`r/AWS` -> `AWS`, `r:aws` -> `aws`), else undefined. */
export function subredditOf(tag: string): string | undefined {
  return SUBREDDIT_RE.exec(tag.replace(/^#/, ''))?.[1];
}

/**
 * The counting key of a hashtag: `#AWS`, `＃ＡＷＳ`, `aws` -> `aws`; one key for the tags a reader
 * cannot tell apart (invisible characters dropped, mixed-script look-alikes read as Latin: see
 * confusables.ts). Lower-casing is locale-independent on purpose. A subreddit (`r/AWS`) gets its
 * own key (`r:aws`), see subredditKey.
 */
export function hashtagKey(tag: string): string {
  // Most tags are ASCII, which holds nothing to normalize, drop or fold.
  if (ASCII_RE.test(tag)) {
    const subreddit = subredditOf(tag);
    return subreddit ? subredditKey(subreddit) : tag.replace(/^#/, '').toLowerCase();
  }
  return foldMixedScript(
    tag
      .replace(/^[#＃]/u, '')
      .normalize('NFKC')
      .replace(INVISIBLE_RE, '')
      .toLowerCase(),
  );
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
// Found by scanning, not by one regular expression: `[a-z][a-z0-9+.-]*://` retried at every
// position of a long run like "a.a.a.a..." takes time quadratic in its length.
const SCHEME_CHAR_RE = /[A-Za-z0-9+.-]/;
const ASCII_LETTER_RE = /[A-Za-z]/;
const ASCII_WORD_RE = /\w/;

/** Where a URL starts in one token (a run without whitespace, `<`, `>` or `"`), or -1. */
function urlStartIn(token: string): number {
  let start = -1;
  for (let at = token.indexOf('://'); at > 0; at = token.indexOf('://', at + 3)) {
    if (at + 3 >= token.length) break; // "x://" needs something after it
    // The scheme: the longest run of scheme characters before "://", from its first letter
    // that begins a word (what `\b[a-z][a-z0-9+.-]*://` would match).
    let run = at;
    while (run > 0 && SCHEME_CHAR_RE.test(token[run - 1] ?? '')) run--;
    for (let p = run; p < at; p++) {
      const before = p === 0 ? '' : (token[p - 1] ?? '');
      if (ASCII_LETTER_RE.test(token[p] ?? '') && !ASCII_WORD_RE.test(before)) {
        start = p;
        break;
      }
    }
    if (start >= 0) break;
  }
  const lower = token.toLowerCase();
  for (let at = lower.indexOf('www.'); at >= 0; at = lower.indexOf('www.', at + 1)) {
    if (start >= 0 && at >= start) break;
    if (at + 4 < token.length && (at === 0 || !ASCII_WORD_RE.test(token[at - 1] ?? ''))) {
      start = at;
      break;
    }
  }
  return start;
}

const TOKEN_RE = /[^\s<>"]+/gu;

/** The text with every URL replaced by spaces of the same length (positions stay put). */
export function maskUrls(text: string): string {
  if (!text.includes('://') && !/www\./i.test(text)) return text;
  return text.replace(TOKEN_RE, (token) => {
    if (!token.includes('://') && !/www\./i.test(token)) return token;
    const at = urlStartIn(token);
    return at < 0 ? token : token.slice(0, at) + ' '.repeat(token.length - at);
  });
}

// A tag runs over letters, marks, digits, '_' and the joiners some scripts need, and holds at
// least one letter ("#1" is not a tag). The word cloud drops tags by the same characters.
export const TAG_CHARS = String.raw`\p{L}\p{M}\p{N}_\u00b7\u30fb\u200c\u200d`;
const TAG_CHAR_RE = new RegExp(`[${TAG_CHARS}]`, 'u');
const HAS_LETTER_RE = /\p{L}/u;
// What may not stand right before a '#': a word character, a mark that is part of a letter
// ("café#x"), '&' (HTML entities) or '$', '@', '/'. Variation selectors and the keycap mark end
// an emoji ("❤️#tag"), so they may.
const BLOCKS_TAG_RE = /[\p{L}\p{N}_&$@/]/u;
const MARK_RE = /\p{M}/u;
const EMOJI_MARK_RE = /[\uFE00-\uFE0F\u20E3\u{E0100}-\u{E01EF}]/u;
const isHash = (c: string | undefined): boolean => c === '#' || c === '＃';

/** TAG_CHAR_RE for one code point, without a regular expression for ASCII (most of them). */
function isTagCodePoint(cp: number): boolean {
  if (cp < 0x80) {
    return (
      (cp >= 0x61 && cp <= 0x7a) ||
      (cp >= 0x41 && cp <= 0x5a) ||
      (cp >= 0x30 && cp <= 0x39) ||
      cp === 0x5f
    );
  }
  return TAG_CHAR_RE.test(String.fromCodePoint(cp));
}

function mayPrecedeTag(text: string, at: number): boolean {
  if (at === 0) return true;
  const low = text.charCodeAt(at - 1);
  const cp = low >= 0xdc00 && low <= 0xdfff && at >= 2 ? (text.codePointAt(at - 2) ?? low) : low;
  const before = String.fromCodePoint(cp);
  if (BLOCKS_TAG_RE.test(before)) return false;
  return !MARK_RE.test(before) || EMOJI_MARK_RE.test(before);
}

/**
 * Hashtag display forms (without '#') in the order they appear, outside URLs: the tags a reader
 * sees. As in twitter-text, a tag starts at '#' (or '＃') not glued to a word before it. Beyond
 * it: a tag right after an emoji or a variation selector counts ("❤️#tag"); a doubled '##tag'
 * counts once as "tag"; tags joined without spaces ("#Yemen#Iraq") each count. A tag followed by
 * "://" is part of a link; one cut by the '…' that ends a truncated text is not a tag. One pass
 * over the text: linear in its length.
 */
export function extractHashtags(text: string): string[] {
  // A longer text is refused as a whole: no work on it beyond what refusing takes.
  if (text.length > MAX_TEXT_LENGTH) return [];
  const masked = maskUrls(text);
  const out: string[] = [];
  // Where the text (its links masked) ends: a tag cut by '…' there was truncated (X shortens a
  // retweet's text so, "RT @a: ... #WorldCu… https://t.co/x"), and a reader sees no such tag.
  const lastVisible = masked.trimEnd().length - 1;
  let previousTagEnd = -1;
  let i = 0;
  while (i < masked.length) {
    if (!isHash(masked[i])) {
      i++;
      continue;
    }
    const allowed = i === previousTagEnd || mayPrecedeTag(masked, i);
    let bodyStart = i;
    while (isHash(masked[bodyStart])) bodyStart++;
    let end = bodyStart;
    while (end < masked.length) {
      const cp = masked.codePointAt(end) ?? 0;
      if (!isTagCodePoint(cp)) break;
      end += cp > 0xffff ? 2 : 1;
    }
    i = end;
    if (!allowed || end === bodyStart || masked.startsWith('://', end)) continue;
    if (end === lastVisible && masked[end] === '…') continue;
    previousTagEnd = end;
    const tag = masked.slice(bodyStart, end);
    if (HAS_LETTER_RE.test(tag)) out.push(tag);
  }
  return out;
}

// twitter-text's cashtag rule: 1-6 letters, optionally a '.' or '_' class suffix ($BRK.B).
const CASHTAG_RE =
  /(?<![\p{L}\p{N}_$])\$([A-Za-z]{1,6}(?:[._][A-Za-z]{1,2})?)(?![\p{L}\p{M}\p{N}_$])/gu;

/** Cashtag symbols (without '$') in the order they appear, outside URLs. */
export function extractCashtags(text: string): string[] {
  if (text.length > MAX_TEXT_LENGTH) return [];
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
