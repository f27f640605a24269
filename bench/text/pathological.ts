import { MAX_TEXT_LENGTH } from '../../functions/domain/post';

/**
 * Texts that make backtracking patterns blow up, at the longest length ingest accepts: each a
 * short unit repeated. Shared by the linear-time test (tests/unit/ingest/linear-time.test.ts) and
 * `npm run bench:text`, so the benchmark measures what the test bounds.
 */
export const PATHOLOGICAL_UNITS: Record<string, string> = {
  'repeated dots': 'a.',
  'dots only': '.',
  slashes: '/',
  'scheme-like runs': 'a:/',
  'almost URLs': 'a://',
  'www. runs': 'www.',
  'URLs back to back': 'http://a ',
  'hash signs': '#',
  'joined tags': '#a',
  'doubled hashes': '##a#',
  'at signs': '@',
  colons: ':',
  'cashtag runs': '$a',
  'dollar signs': '$',
  'spaced words': 'a ',
  'emoji with skin tone': '👍🏽',
  'joiners between letters': 'a\u200d',
  'combining marks': 'e\u0301',
  'variation selectors': '#\ufe0f',
};

export const PLAIN_UNIT = 'hello world ';

export function repeatTo(unit: string, length = MAX_TEXT_LENGTH): string {
  // Cut on a code point boundary: an emoji cut in half would be a different input.
  return [...unit.repeat(Math.ceil(length / unit.length))]
    .slice(0, length)
    .join('')
    .slice(0, length);
}

/** The record each text travels in: X API v2 without entities, so ingest parses the text. */
export function xV2Record(text: string): string {
  return JSON.stringify({
    data: {
      id: '1862493817204752591',
      text,
      created_at: '2024-11-29T13:48:24.140Z',
      author_id: '2183331',
    },
  });
}

/** And a Jetstream post without facets, the other format whose hashtags come from the text. */
export function jetstreamRecord(text: string): string {
  return JSON.stringify({
    did: 'did:plc:z72i7hdynmk6r22z27h6tvur',
    time_us: 1732184470123456,
    kind: 'commit',
    commit: {
      operation: 'create',
      collection: 'app.bsky.feed.post',
      rkey: '3lbhrm2wyjk2c',
      record: { $type: 'app.bsky.feed.post', createdAt: '2024-11-21T10:21:09.871Z', text },
    },
  });
}

/** Milliseconds per call of `work`, the best of `rounds` rounds of `calls` calls. */
export function msPerCall(work: () => unknown, calls = 10, rounds = 5): number {
  let best = Infinity;
  for (let r = 0; r < rounds; r++) {
    const started = performance.now();
    for (let i = 0; i < calls; i++) work();
    best = Math.min(best, (performance.now() - started) / calls);
  }
  return best;
}
