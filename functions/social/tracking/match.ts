import type { Post } from '../../domain/post';
import type { TrackedTerm } from './terms';

/** Returns the keys of the tracked terms a post matches (empty when none does). */
export type TermMatcher = (post: Post) => string[];

// Scripts written without spaces between words: a keyword there is matched as a substring.
const UNSPACED_RE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}]/u;
const WORD_CHAR = String.raw`[\p{L}\p{M}\p{N}_]`;

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');

function keywordRegExp(key: string): RegExp {
  const body = key
    .split(' ')
    .map(escapeRegExp)
    .join(String.raw`\s+`);
  if (UNSPACED_RE.test(key)) return new RegExp(body, 'u');
  // Whole words only, as X matches keywords: "aws" must not match "laws".
  return new RegExp(String.raw`(?<!${WORD_CHAR})${body}(?!${WORD_CHAR})`, 'u');
}

/**
 * Matches posts against tracked terms the way X's rules do: hashtags and cashtags by the post's
 * entities, keywords and phrases as whole words in the text, case-insensitively (NFKC).
 */
export function createTermMatcher(terms: readonly TrackedTerm[]): TermMatcher {
  const hashtags = new Map<string, string>();
  const cashtags = new Map<string, string>();
  const keywords: { key: string; re: RegExp }[] = [];
  for (const t of terms) {
    if (t.kind === 'hashtag') hashtags.set(t.key.slice(1), t.key);
    else if (t.kind === 'cashtag') cashtags.set(t.key, t.key);
    else keywords.push({ key: t.key, re: keywordRegExp(t.key) });
  }
  return (post) => {
    const matched: string[] = [];
    for (const h of post.hashtags) {
      const key = hashtags.get(h.key);
      if (key !== undefined) matched.push(key);
    }
    for (const c of post.cashtags) {
      const key = cashtags.get(c);
      if (key !== undefined) matched.push(key);
    }
    if (keywords.length > 0) {
      const text = post.text.normalize('NFKC').toLowerCase();
      for (const k of keywords) if (k.re.test(text)) matched.push(k.key);
    }
    return matched;
  };
}
