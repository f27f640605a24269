import { parseTerm, termsSignature, type TrackedTerm } from './terms';

/** The terms a running source collects, and news of changes to them. */
export interface TrackFeed {
  current(): readonly TrackedTerm[];
  /** Calls `listener` with the new terms after each change; returns the unsubscribe function. */
  onChange(listener: (terms: readonly TrackedTerm[]) => void): () => void;
  /** Settles once the first load has finished (successfully or not). */
  ready: Promise<void>;
  /** False until the terms were read once: an empty list then means "unknown", not "none". */
  loaded(): boolean;
  stop(): void;
}

/** Terms given on the command line: they never change. */
export function fixedTracks(terms: readonly TrackedTerm[]): TrackFeed {
  return {
    current: () => terms,
    onChange: () => () => undefined,
    ready: Promise.resolve(),
    loaded: () => true,
    stop: () => undefined,
  };
}

/** GET /tracks, re-validating every term: a source must not trust what it did not check. */
export async function fetchTracks(
  url: string,
  fetchImpl: typeof fetch = fetch,
  timeoutMs = 10_000,
): Promise<TrackedTerm[]> {
  const res = await fetchImpl(url, {
    headers: { accept: 'application/json' },
    signal: AbortSignal.timeout(timeoutMs),
  });
  if (!res.ok) throw new Error(`GET ${url} answered ${res.status}`);
  const body = (await res.json()) as { items?: unknown };
  if (!Array.isArray(body.items)) throw new Error(`GET ${url}: no items array in the response`);
  const out: TrackedTerm[] = [];
  for (const item of body.items as { term?: unknown }[]) {
    const parsed = parseTerm(item?.term);
    if (parsed.ok) out.push(parsed.term);
  }
  return out;
}

export interface PollTracksOptions {
  /** The API's /tracks URL, e.g. http://127.0.0.1:3000/api/tracks. */
  url: string;
  /** 30 s by default, so a change reaches running sources within a minute. */
  intervalMs?: number;
  fetch?: typeof fetch;
  /** Called on the first failure of a streak of failed polls (the last known terms stay). */
  onError?: (err: Error) => void;
}

/** Polls GET /tracks and reports changes to the set of terms. */
export function pollTracks(opts: PollTracksOptions): TrackFeed {
  const intervalMs = opts.intervalMs ?? 30_000;
  const listeners = new Set<(terms: readonly TrackedTerm[]) => void>();
  let terms: readonly TrackedTerm[] = [];
  let signature = termsSignature(terms);
  let failing = false;
  let loaded = false;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  async function poll(): Promise<void> {
    try {
      const next = await fetchTracks(opts.url, opts.fetch);
      failing = false;
      loaded = true;
      const nextSignature = termsSignature(next);
      if (nextSignature === signature) return;
      terms = next;
      signature = nextSignature;
      for (const listener of listeners) listener(terms);
    } catch (err) {
      if (!failing) opts.onError?.(err as Error);
      failing = true;
    }
  }

  const schedule = (): void => {
    if (stopped) return;
    timer = setTimeout(() => {
      void poll().finally(schedule);
    }, intervalMs);
    timer.unref();
  };

  const ready = poll().finally(schedule);
  return {
    current: () => terms,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    ready,
    loaded: () => loaded,
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
