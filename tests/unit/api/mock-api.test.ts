import { mockApi } from '../../../frontend/scripts/mock-api';
import { responseValidator } from './support/openapi';

// The dashboard's mock server (frontend/scripts/serve-mock.ts) stands in for the API in
// screenshots and manual tries: its answers must be what the document promises, or the
// dashboard is judged against a contract the real API does not keep. (Its types come from the
// same document; this checks the values: formats, limits, required fields.)
const ROUTES: readonly { path: string; docPath: string; query: string }[] = [
  { path: '/stats', docPath: '/stats', query: '' },
  { path: '/tracks', docPath: '/tracks', query: '' },
  { path: '/hashtags', docPath: '/hashtags', query: 'window=1h&limit=25&sort=negative' },
  { path: '/locations', docPath: '/locations', query: 'window=7d' },
  {
    path: '/hashtags/aws/timeline',
    docPath: '/hashtags/{tag}/timeline',
    query: 'granularity=minute&from=2026-11-22T10:00:00.000Z&to=2026-11-22T10:30:00.000Z',
  },
  { path: '/posts', docPath: '/posts', query: 'limit=20' },
  { path: '/posts', docPath: '/posts', query: 'term=release&tag=aws&limit=5' },
  { path: '/terms', docPath: '/terms', query: 'window=24h&limit=50' },
  { path: '/terms', docPath: '/terms', query: 'window=all&tag=serverless&limit=10' },
  { path: '/languages', docPath: '/languages', query: 'window=24h' },
  { path: '/sources', docPath: '/sources', query: 'window=1h' },
];

describe('the mock API (frontend/scripts/mock-api.ts)', () => {
  describe.each(['data', 'empty'] as const)('in %s mode', (mode) => {
    it.each(ROUTES)(
      'answers $path?$query as docs/openapi.yaml says',
      ({ path, docPath, query }) => {
        const answer = mockApi(path, new URLSearchParams(query), mode);
        const validate = responseValidator(docPath, 200);
        expect(validate(answer) ? [] : validate.errors).toEqual([]);
      },
    );
  });

  it('has words whose posts GET /posts?term= finds, with the sentiments of those posts', () => {
    const terms = mockApi('/terms', new URLSearchParams('window=24h&limit=50'), 'data') as {
      items: { term: string; posts: number; positive: number; negative: number }[];
    };
    expect(terms.items.length).toBeGreaterThan(20);
    // Mixed moods, so the cloud shows more than one colour.
    expect(terms.items.some((w) => w.positive > w.negative)).toBe(true);
    expect(terms.items.some((w) => w.negative > w.positive)).toBe(true);
    for (const { term } of terms.items.slice(0, 10)) {
      const posts = mockApi('/posts', new URLSearchParams({ term, limit: '20' }), 'data') as {
        items: { text: string }[];
      };
      expect(posts.items.length).toBeGreaterThan(0);
      for (const post of posts.items) expect(post.text.toLowerCase()).toContain(term);
    }
  });

  it('counts Reddit among the sources', () => {
    const sources = mockApi('/sources', new URLSearchParams('window=24h'), 'data') as {
      items: { key: string }[];
    };
    expect(sources.items.map((s) => s.key)).toContain('reddit');
  });

  it('has no answer for a path the API does not have', () => {
    expect(mockApi('/nope', new URLSearchParams(), 'data')).toBeUndefined();
  });
});
