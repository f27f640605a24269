/** The sources' names as people know them (post links, the sources breakdown). */

/** The networks a post can be opened on. */
export const NETWORK_NAMES: Readonly<Record<string, string>> = {
  x: 'X',
  bsky: 'Bluesky',
  reddit: 'Reddit',
};

export const SOURCE_NAMES: Readonly<Record<string, string>> = {
  ...NETWORK_NAMES,
  demo: 'Demo stream',
  replay: 'Replay',
  post: 'Post JSON',
};

/** A source's name; a source this list lacks shows its key. */
export function sourceName(key: string): string {
  return SOURCE_NAMES[key] ?? key;
}
