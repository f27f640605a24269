/** Helpers for hashtag and cashtag text typed by the user or received from the API. */

const MAX_TAG_LENGTH = 140;

/**
 * A subreddit as users write it (`r/aws`, `/r/AWS`) or as the API keys it (`r:aws`): Reddit posts
 * count their subreddit like a hashtag, under `r:<name>` (docs/architecture.md, "Hashtags").
 */
const SUBREDDIT_RE = /^\/?r[/:]([A-Za-z0-9_]{2,21})$/;

/** Whether a counting key is a subreddit's (`r:aws`) rather than a hashtag's. */
export const isSubredditKey = (key: string): boolean => /^r:[a-z0-9_]{2,21}$/.test(key);

/** How a counting key reads: `r/aws` for a subreddit, `#aws` for a hashtag. */
export const tagLabel = (key: string): string =>
  isSubredditKey(key) ? `r/${key.slice(2)}` : `#${key}`;

/**
 * `#AWS`, ` aws `, `＃Aws` -> `aws`; `r/AWS` -> `r:aws`: the key the API counts under. Returns
 * null for input that cannot be a hashtag (empty, too long, or containing spaces or '#').
 */
export function normalizeHashtag(input: string): string | null {
  const trimmed = input.trim().replace(/^[#＃]/u, '');
  const subreddit = SUBREDDIT_RE.exec(trimmed)?.[1];
  if (subreddit) return `r:${subreddit.toLowerCase()}`;
  const key = trimmed.normalize('NFKC').toLowerCase();
  if (key === '' || key.length > MAX_TAG_LENGTH || /[\s#＃]/u.test(key)) return null;
  return key;
}

/** `$aapl`, `$AAPL` -> `$AAPL`; null when it is not a ticker symbol. */
export function normalizeCashtag(input: string): string | null {
  const upper = input
    .trim()
    .replace(/^[$＄]/u, '')
    .normalize('NFKC')
    .toUpperCase();
  return /^[A-Z][A-Z0-9._]{0,11}$/.test(upper) ? `$${upper}` : null;
}

export type PostFilter =
  | { kind: 'none' }
  | { kind: 'tag'; tag: string }
  | { kind: 'cashtag'; cashtag: string }
  | { kind: 'invalid'; text: string };

/** Reads the posts filter box: `$AAPL` filters by cashtag, `#aws`, `aws` or `r/aws` by tag. */
export function parsePostFilter(input: string): PostFilter {
  const text = input.trim();
  if (text === '') return { kind: 'none' };
  if (/^[$＄]/u.test(text)) {
    const cashtag = normalizeCashtag(text);
    return cashtag ? { kind: 'cashtag', cashtag } : { kind: 'invalid', text };
  }
  const tag = normalizeHashtag(text);
  return tag ? { kind: 'tag', tag } : { kind: 'invalid', text };
}
