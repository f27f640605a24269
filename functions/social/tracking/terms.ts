import { cashtagDisplay, hashtagKey } from '../../domain/text';

/**
 * Tracked terms: what the sources collect and `/tracks` stores. Pure code shared by the API
 * handlers, the producer CLI and the collector, so all three accept and reject the same input.
 */

export type TermKind = 'hashtag' | 'cashtag' | 'keyword';

export interface TrackedTerm {
  /** Canonical form and identity: `#aws` for #AWS, `$AAPL` for $aapl, `machine learning`. */
  key: string;
  kind: TermKind;
  /** As first written (trimmed, spaces collapsed): `#AWS`. */
  display: string;
}

export type ParseTermResult = { ok: true; term: TrackedTerm } | { ok: false; reason: string };

export const MAX_HASHTAG_LENGTH = 100;
export const MAX_KEYWORD_LENGTH = 60;
/** X allows 1,000 stream rules at the Pro level; far fewer keeps the Bluesky matcher cheap too. */
export const MAX_TRACKED_TERMS = 100;

// Marks are included: without them hashtags in Devanagari, Thai or Arabic could not be tracked.
const HASHTAG_BODY_RE = /^[\p{L}\p{M}\p{N}_]+$/u;
const HAS_LETTER_RE = /\p{L}/u;
const CONTROL_RE = /\p{Cc}/u;

const fail = (reason: string): ParseTermResult => ({ ok: false, reason });
const length = (s: string): number => [...s].length;

function parseHashtag(text: string): ParseTermResult {
  const body = text.slice(1);
  if (body === '') return fail('a hashtag needs at least one character after #');
  if (length(body) > MAX_HASHTAG_LENGTH) {
    return fail(`a hashtag may have at most ${MAX_HASHTAG_LENGTH} characters after #`);
  }
  if (!HASHTAG_BODY_RE.test(body)) {
    return fail('a hashtag may contain only letters, digits and _ after #');
  }
  if (!HAS_LETTER_RE.test(body)) {
    return fail('a hashtag needs at least one letter (X and Bluesky ignore #123)');
  }
  return { ok: true, term: { key: `#${hashtagKey(body)}`, kind: 'hashtag', display: `#${body}` } };
}

function parseCashtag(text: string): ParseTermResult {
  const display = cashtagDisplay(text);
  if (display === undefined) {
    return fail(
      'a cashtag is $ followed by a letter and up to 11 letters, digits, . or _ (e.g. $AAPL)',
    );
  }
  return { ok: true, term: { key: display, kind: 'cashtag', display } };
}

function parseKeyword(text: string): ParseTermResult {
  if (CONTROL_RE.test(text)) return fail('a keyword must not contain control characters');
  const display = text.replace(/\s+/gu, ' ');
  if (length(display) > MAX_KEYWORD_LENGTH) {
    return fail(`a keyword or phrase may have at most ${MAX_KEYWORD_LENGTH} characters`);
  }
  const key = display.normalize('NFKC').toLowerCase();
  return { ok: true, term: { key, kind: 'keyword', display } };
}

/**
 * Validates a term: `#tag` (Unicode letters, digits and _, up to 100 characters), `$CASHTAG`,
 * or a keyword/phrase of up to 60 characters without control characters. The reason of a
 * rejection is phrased for an API client.
 */
export function parseTerm(input: unknown): ParseTermResult {
  if (typeof input !== 'string') return fail('term must be a string such as "#aws"');
  const text = input.trim();
  if (text === '') return fail('term must not be empty');
  if (/^[#＃]/u.test(text)) return parseHashtag(`#${text.slice(1)}`);
  if (/^[$＄]/u.test(text)) return parseCashtag(text);
  return parseKeyword(text);
}

/** Parses a list of terms, throwing on the first invalid one (for CLI flags and tests). */
export function parseTerms(inputs: readonly string[]): TrackedTerm[] {
  const out = new Map<string, TrackedTerm>();
  for (const input of inputs) {
    const result = parseTerm(input);
    if (!result.ok) throw new Error(`"${input}": ${result.reason}`);
    if (!out.has(result.term.key)) out.set(result.term.key, result.term);
  }
  return [...out.values()];
}

/** Stable identity of a set of terms, to tell whether a poll changed anything. */
export const termsSignature = (terms: readonly TrackedTerm[]): string =>
  terms
    .map((t) => t.key)
    .sort()
    .join('\n');
