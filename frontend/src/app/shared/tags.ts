/** Helpers for hashtag and cashtag text typed by the user or received from the API. */

const MAX_TAG_LENGTH = 140;

/**
 * `#AWS`, ` aws `, `＃Aws` -> `aws`: the key the API counts under. Returns null for input that
 * cannot be a hashtag (empty, too long, or containing spaces or '#').
 */
export function normalizeHashtag(input: string): string | null {
  const key = input
    .trim()
    .replace(/^[#＃]/u, '')
    .normalize('NFKC')
    .toLowerCase();
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

/** Reads the posts filter box: `$AAPL` filters by cashtag, `#aws` or `aws` by hashtag. */
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
