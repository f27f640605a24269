import { LRUCache } from 'lru-cache';

/**
 * Remembers the ids of recently sent posts, so a post delivered again after a reconnect (a
 * replayed Jetstream cursor, a re-sent X message) is not sent twice. Bounded, oldest evicted:
 * redelivery only ever reaches back a few seconds to minutes.
 */
export interface SeenIds {
  /** True the first time an id is offered (and remembers it), false for a repeat. */
  firstTime(id: string): boolean;
  /** Whether the id was offered (sent) recently; does not remember it. */
  has(id: string): boolean;
  readonly size: number;
}

export function createSeenIds(max = 20_000): SeenIds {
  const cache = new LRUCache<string, true>({ max });
  return {
    firstTime(id) {
      if (cache.has(id)) return false;
      cache.set(id, true);
      return true;
    },
    has: (id) => cache.has(id),
    get size() {
      return cache.size;
    },
  };
}
