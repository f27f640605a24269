/**
 * Tweet tokenizer for the sentiment engine. Normalizes what carries no sentiment (URLs, mentions,
 * numbers, letter case, elongation) and keeps what does (emoji, emoticons, negation, hashtag words,
 * "!" and "?"), so the model sees the same token for "GOOOOD" and "good".
 */

/** Pseudo-tokens shared by several surface forms, so their weights are learned together. */
export const TOKEN = {
  url: '<url>',
  user: '<user>',
  number: '<num>',
  emoPositive: '<emo+>',
  emoNegative: '<emo->',
  hashtag: '<hashtag>',
} as const;

/** Suffix of a token inside a negation scope ("not good" -> "not", "good_NEG"). */
export const NEG_SUFFIX = '_NEG';

export type TokenKind = 'word' | 'emoji' | 'emoticon' | 'punct' | 'pseudo';

export interface Analysis {
  /** Normalized tokens in order; words inside a negation scope carry NEG_SUFFIX. */
  tokens: string[];
  /** Same length as tokens: what each token is. */
  kinds: TokenKind[];
  /** Same length as tokens: whether the token is inside a negation scope. */
  negated: boolean[];
  /** Words written with a letter repeated three times or more ("soooo"). */
  elongated: number;
  /** Words of two or more letters written in capitals ("LOVE"). */
  allCaps: number;
}

// Tried only where a cheap look at the next character says an emoticon may start.
const EMOTICON_RE =
  /(?<!\p{N})[:;=][-o^']?[)\]([dDpP/\\}{@|3*sSoOxX]+(?![\p{L}\p{N}])|<\/?3+|(?<![\p{L}\p{N}])(?:[xX]-?[dD]+|[)(\][][-']?[:;=]|\^[_.-]?\^|[-=]_[-=]|[tT]_[tT]|[oO]_[oO])(?![\p{L}\p{N}])/uy;
const EMOJI_RE =
  /[\u{1F1E6}-\u{1F1FF}]{2}|\p{Extended_Pictographic}(?:\uFE0F|\p{Emoji_Modifier}|\u200D\p{Extended_Pictographic}\uFE0F?)*/uy;
const WORD_CHAR_RE = /[\p{L}\p{N}\p{M}]/u;
const LETTER_RE = /\p{L}/u;
const ELONGATION_RE = /(\p{L})\1{2,}/gu;
const DIGITS_RE = /^\p{N}+$/u;
const UPPER_RE = /^\p{Lu}{2,}$/u;
const CAMEL_RE = /\p{Lu}?\p{Ll}+|\p{Lu}+(?!\p{Ll})|\p{N}+/gu;

/** What may follow each character for an emoticon to start there (a pre-filter, not the rule). */
const EMOTICON_NEXT: Record<string, string> = {
  ':': "-o^')]([dDpP/\\}{@|3*sSoOxX",
  ';': "-o^')]([dDpP/\\}{@|3*sSoOxX",
  '=': "-o^')]([dDpP/\\}{@|3*sSoOxX",
  '<': '/3',
  '(': "-':;=",
  ')': "-':;=",
  '[': "-':;=",
  ']': "-':;=",
  '^': '_.-^',
  '-': '_',
  x: '-dD',
  X: '-dD',
  t: '_',
  T: '_',
  o: '_',
  O: '_',
};

const isAsciiWord = (c: number): boolean =>
  (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);

/** Letter, digit or combining mark; `cp` is a code point. */
function isWordCode(cp: number): boolean {
  if (cp < 128) return isAsciiWord(cp);
  return WORD_CHAR_RE.test(String.fromCodePoint(cp));
}

const isSpace = (c: number): boolean => c === 32 || (c >= 9 && c <= 13) || c === 160;

const NEGATORS = new Set([
  'not',
  'no',
  'never',
  'cannot',
  'nothing',
  'nobody',
  'none',
  'nowhere',
  'neither',
  'nor',
  'without',
  'aint',
  'dont',
  'cant',
  'wont',
  'isnt',
  'arent',
  'wasnt',
  'werent',
  'doesnt',
  'didnt',
  'hasnt',
  'havent',
  'hadnt',
  'couldnt',
  'shouldnt',
  'wouldnt',
  'mustnt',
  'neednt',
]);

// Cheap pre-check before the set lookup; every cue ends in one of these letters.
const NEGATOR_ENDINGS = new Uint8Array(128);
for (const w of [...NEGATORS, "n't"]) NEGATOR_ENDINGS[w.charCodeAt(w.length - 1)] = 1;

/** A negation scope ends at clause punctuation or at a contrast ("not bad but boring"). */
const SCOPE_BREAKERS = new Set(['but', 'however', 'although', 'though']);

const HTML_ENTITIES: Record<string, string> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
  '&apos;': "'",
};

export function isNegator(word: string): boolean {
  if (NEGATOR_ENDINGS[word.charCodeAt(word.length - 1)] !== 1) return false;
  return NEGATORS.has(word) || word.endsWith("n't");
}

/** Emoticon polarity by rule: +1, -1 or 0. Eyes-first ":)" and mouth-first "(:" read mirrored. */
export function emoticonPolarity(e: string): number {
  if (e.startsWith('</')) return -1;
  if (e.startsWith('<') || e.startsWith('^') || /^[xX]/.test(e)) return 1;
  if (/^[-=tT]_/.test(e)) return -1;
  if (/^[oO]_/.test(e)) return 0;
  const first = e[0] ?? '';
  if (')]('.includes(first) || first === '[') {
    return first === '(' || first === '[' ? 1 : -1;
  }
  const mouth = e[e.length - 1] ?? '';
  if (e.includes("'") && '(['.includes(mouth)) return -1;
  if (')]}dDpP3*'.includes(mouth)) return 1;
  if ('([{/\\|@sS'.includes(mouth)) return -1;
  return 0;
}

/** Canonical emoticon: nose dropped and repeats collapsed, so ":-)))" and ":)" share a token. */
function canonicalEmoticon(e: string): string {
  if (e.startsWith('<')) return e.startsWith('</') ? '</3' : '<3';
  const noNose = /^[:;=][-o^]./.test(e) ? e[0] + e.slice(2) : e;
  return noNose.toLowerCase().replace(/(.)\1+$/u, '$1');
}

/** Splits "#NotHappy" into "not", "happy"; an all-lower tag stays one word. */
export function hashtagWords(tag: string): string[] {
  const body = tag.slice(1);
  const parts = body.match(CAMEL_RE);
  if (!parts || parts.length <= 1) return [body.toLowerCase()];
  return parts.map((p) => p.toLowerCase());
}

function decodeEntities(text: string): string {
  return text.includes('&')
    ? text.replace(/&(?:amp|lt|gt|quot|#39|apos);/g, (m) => HTML_ENTITIES[m] ?? m)
    : text;
}

/** Whether a word is known to the model; picks "so" over "soo" when "soooo" is written. */
export type KnownWord = (word: string) => boolean;

function hasTripleLetter(w: string): boolean {
  for (let i = 2; i < w.length; i++) {
    const c = w.charCodeAt(i);
    if (c === w.charCodeAt(i - 1) && c === w.charCodeAt(i - 2)) return true;
  }
  return false;
}

/**
 * Lower-cases and undoes elongation: a run of three or more letters becomes two ("goood" ->
 * "good") unless only the single-letter form is a known word ("soooo" -> "so").
 */
export function normalizeWord(
  raw: string,
  isKnown: KnownWord = () => false,
): { word: string; elongated: boolean } {
  const lower = raw.includes('’') ? raw.toLowerCase().replace(/’/g, "'") : raw.toLowerCase();
  if (!hasTripleLetter(lower)) return { word: lower, elongated: false };
  const two = lower.replace(ELONGATION_RE, '$1$1');
  if (two === lower) return { word: lower, elongated: false };
  if (isKnown(two)) return { word: two, elongated: true };
  const one = lower.replace(ELONGATION_RE, '$1');
  return { word: isKnown(one) ? one : two, elongated: true };
}

export interface AnalyzeOptions {
  /**
   * Emoji polarity comes from the model's lexicon (the training tweets hold no emoji), so emoji
   * and emoticons of the same polarity share the `<emo+>` / `<emo->` pseudo-tokens.
   */
  emojiPolarity?: (emoji: string) => number;
  isKnownWord?: KnownWord;
  /**
   * Words that open a negation scope, for a language other than English (whose cues, including
   * "n't", are the default). Lower-case, as the words are matched after lower-casing.
   */
  negators?: ReadonlySet<string>;
  /** Contrast words that close a negation scope ("but"); English's by default. */
  scopeBreakers?: ReadonlySet<string>;
}

export function analyze(text: string, options: AnalyzeOptions = {}): Analysis {
  const emojiPolarity = options.emojiPolarity ?? (() => 0);
  const isKnown = options.isKnownWord ?? (() => false);
  const negators = options.negators;
  const isNegation = negators ? (w: string): boolean => negators.has(w) : isNegator;
  const breakers = options.scopeBreakers ?? SCOPE_BREAKERS;
  const tokens: string[] = [];
  const kinds: TokenKind[] = [];
  const negated: boolean[] = [];
  let elongated = 0;
  let allCaps = 0;
  let inScope = false;

  const push = (token: string, kind: TokenKind): void => {
    const neg = inScope && kind === 'word';
    tokens.push(neg ? token + NEG_SUFFIX : token);
    kinds.push(kind);
    negated.push(neg);
  };

  const pushWord = (raw: string): void => {
    let word = raw.toLowerCase();
    if (raw.length > 1 && raw !== word && UPPER_RE.test(raw)) allCaps++;
    // Fast path (most words): nothing to repair, no object allocated.
    if (word.includes('’') || hasTripleLetter(word)) {
      const n = normalizeWord(raw, isKnown);
      if (n.elongated) elongated++;
      word = n.word;
    }
    const c0 = word.charCodeAt(0);
    if ((c0 < 128 ? c0 >= 48 && c0 <= 57 : true) && DIGITS_RE.test(word)) {
      push(TOKEN.number, 'pseudo');
    } else if (isNegation(word)) {
      // The cue itself stays plain; the scope starts after it.
      push(word, 'word');
      inScope = true;
    } else {
      if (inScope && breakers.has(word)) inScope = false;
      push(word, 'word');
    }
  };

  const pushEmoticon = (e: string): void => {
    const polarity = emoticonPolarity(e);
    push(canonicalEmoticon(e), 'emoticon');
    if (polarity !== 0) push(polarity > 0 ? TOKEN.emoPositive : TOKEN.emoNegative, 'pseudo');
  };

  const t = decodeEntities(text);
  const len = t.length;
  let i = 0;
  // A hand-written scanner: one regular expression with every alternative was 3x slower.
  while (i < len) {
    const c = t.charCodeAt(i);
    if (isSpace(c)) {
      i++;
      continue;
    }
    const ch = t[i]!;
    if (
      (c === 104 || c === 119) &&
      !(i > 0 && isWordCode(t.codePointAt(i - 1) ?? 0)) &&
      (t.startsWith('http://', i) || t.startsWith('https://', i) || t.startsWith('www.', i))
    ) {
      let j = i;
      while (j < len && !isSpace(t.charCodeAt(j))) j++;
      push(TOKEN.url, 'pseudo');
      i = j;
      continue;
    }
    if (c === 64 /* @ */ && i + 1 < len) {
      const n = t.charCodeAt(i + 1);
      if (isAsciiWord(n) || n === 95) {
        let j = i + 1;
        while (j < len && j - i <= 30 && (isAsciiWord(t.charCodeAt(j)) || t.charCodeAt(j) === 95))
          j++;
        push(TOKEN.user, 'pseudo');
        i = j;
        continue;
      }
    }
    if (c === 35 /* # */ && i + 1 < len) {
      let j = i + 1;
      while (j < len) {
        const cp = t.codePointAt(j) ?? 0;
        if (cp !== 95 && !isWordCode(cp)) break;
        j += cp > 0xffff ? 2 : 1;
      }
      if (j > i + 1) {
        push(TOKEN.hashtag, 'pseudo');
        for (const w of hashtagWords(t.slice(i, j))) pushWord(w);
        i = j;
        continue;
      }
    }
    const next = EMOTICON_NEXT[ch];
    if (next !== undefined && i + 1 < len && next.includes(t[i + 1]!)) {
      EMOTICON_RE.lastIndex = i;
      const m = EMOTICON_RE.exec(t);
      if (m) {
        pushEmoticon(m[0]);
        i += m[0].length;
        continue;
      }
    }
    const cp = t.codePointAt(i) ?? 0;
    if (isWordCode(cp)) {
      let j = i;
      for (;;) {
        while (j < len) {
          const w = t.codePointAt(j) ?? 0;
          if (!isWordCode(w)) break;
          j += w > 0xffff ? 2 : 1;
        }
        // Keep contractions whole: "don't", "y'all".
        const a = t.charCodeAt(j);
        if ((a === 39 || a === 0x2019) && j + 1 < len && LETTER_RE.test(t[j + 1]!)) j++;
        else break;
      }
      pushWord(t.slice(i, j));
      i = j;
      continue;
    }
    if (cp >= 0xa9) {
      EMOJI_RE.lastIndex = i;
      const m = EMOJI_RE.exec(t);
      if (m) {
        // Skin tones and ZWJ sequences read as their base emoji; a flag keeps both letters.
        const emoji = cp >= 0x1f1e6 && cp <= 0x1f1ff ? m[0] : String.fromCodePoint(cp);
        const polarity = emojiPolarity(emoji);
        push(emoji, 'emoji');
        if (polarity !== 0) push(polarity > 0 ? TOKEN.emoPositive : TOKEN.emoNegative, 'pseudo');
        i += m[0].length;
        continue;
      }
    }
    if (c === 33 || c === 63 /* ! ? */) {
      let j = i + 1;
      while (j < len && (t.charCodeAt(j) === 33 || t.charCodeAt(j) === 63)) j++;
      inScope = false;
      push(t.slice(i, Math.min(j, i + 2)), 'punct');
      i = j;
      continue;
    }
    if (c === 46 || c === 0x2026 /* . … */) {
      let j = i + 1;
      while (j < len && t.charCodeAt(j) === 46) j++;
      inScope = false;
      push(j - i > 1 || c === 0x2026 ? '...' : '.', 'punct');
      i = j;
      continue;
    }
    if (c === 44 || c === 58 || c === 59 /* , : ; */) {
      inScope = false;
      push(ch, 'punct');
    }
    i += cp > 0xffff ? 2 : 1;
  }
  return { tokens, kinds, negated, elongated, allCaps };
}
