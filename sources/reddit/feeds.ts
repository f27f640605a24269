import type { TrackedTerm } from '../tracking/terms';

/**
 * What the Reddit source polls: the newest submissions and comments of each chosen subreddit,
 * and Reddit's search (newest submissions first) for the tracked terms. Each feed has a key,
 * under which its cursor is kept between polls and restarts.
 */

export interface RedditFeed {
  /** `r/aws/new`, `r/aws/comments`, `search:aws OR serverless`: the cursor's name. */
  key: string;
  path: string;
  query: Record<string, string>;
}

/** Reddit's search takes queries of up to 512 characters. */
export const MAX_SEARCH_QUERY_LENGTH = 512;

const SUBREDDIT_NAME_RE = /^[A-Za-z0-9_]{2,21}$/;

/** `aws`, `r/aws` or `/r/aws/` as the subreddit's name, or undefined when it cannot be one. */
export function parseSubreddit(input: string): string | undefined {
  const name = input
    .trim()
    .replace(/^\/?r\//i, '')
    .replace(/\/$/, '');
  return SUBREDDIT_NAME_RE.test(name) ? name : undefined;
}

/** The subreddits of a comma-separated list (a template parameter), checked and deduplicated. */
export function parseSubredditList(value: string | undefined): string[] {
  const out = new Map<string, string>();
  for (const part of (value ?? '').split(',')) {
    if (part.trim() === '') continue;
    const name = parseSubreddit(part);
    if (name === undefined) {
      throw new Error(
        `"${part.trim().slice(0, 40)}" is not a subreddit name (2-21 letters, digits or _)`,
      );
    }
    if (!out.has(name.toLowerCase())) out.set(name.toLowerCase(), name);
  }
  return [...out.values()];
}

export function subredditFeeds(name: string): RedditFeed[] {
  const key = `r/${name.toLowerCase()}`;
  return [
    { key: `${key}/new`, path: `/r/${name}/new`, query: {} },
    { key: `${key}/comments`, path: `/r/${name}/comments`, query: {} },
  ];
}

/**
 * A term as Reddit's search reads it: a hashtag or cashtag by its word (Reddit's search has no
 * `#` or `$` operators, and `#` is rare in posts), a keyword of several words as an exact phrase.
 */
export function searchTerm(term: TrackedTerm): string {
  if (term.kind === 'keyword') {
    const words = term.key.replace(/["\\]/g, ' ').trim();
    return words.includes(' ') ? `"${words}"` : words;
  }
  // The key, not the display: Reddit's search ignores case, and the feed's cursor is kept under
  // the query, which must not change when a term is tracked again in another spelling.
  return term.key.slice(1);
}

/** Terms OR-ed into as few queries as the length limit allows. */
export function searchQueries(
  terms: readonly TrackedTerm[],
  maxLength = MAX_SEARCH_QUERY_LENGTH,
): string[] {
  const queries: string[] = [];
  let parts: string[] = [];
  for (const term of terms) {
    const value = searchTerm(term);
    if (parts.length > 0 && [...parts, value].join(' OR ').length > maxLength) {
      queries.push(parts.join(' OR '));
      parts = [];
    }
    parts.push(value);
  }
  if (parts.length > 0) queries.push(parts.join(' OR '));
  return queries;
}

export function searchFeeds(terms: readonly TrackedTerm[]): RedditFeed[] {
  return searchQueries(terms).map((q) => ({
    key: `search:${q}`,
    path: '/search',
    // type=link: submissions (Reddit's search finds no comments); sort=new: newest first.
    query: { q, sort: 'new', type: 'link' },
  }));
}

/** Every feed of a run: the subreddits' (in order), then the searches for the terms. */
export function redditFeeds(
  subreddits: readonly string[],
  terms: readonly TrackedTerm[],
): RedditFeed[] {
  return [...subreddits.flatMap(subredditFeeds), ...searchFeeds(terms)];
}
