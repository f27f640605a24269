import { normalizeRecord, postSchema } from '../../../functions/domain/normalize';
import { fixture, okPost, rejection, set } from './fixtures';

const post = (i: number) => fixture('post.json', i);

describe('Post JSON', () => {
  it('accepts the fixtures and keeps their ids and sources', () => {
    expect(okPost(normalizeRecord(post(0)))).toMatchObject({
      id: 'post:demo-0001',
      source: 'post',
    });
    expect(okPost(normalizeRecord(post(1)))).toMatchObject({
      id: 'replay:42',
      source: 'replay',
      isReply: true,
    });
    expect(normalizeRecord(post(0))).toMatchObject({ format: 'post' });
  });

  it('outputs createdAt in UTC', () => {
    expect(okPost(normalizeRecord(post(0))).createdAt).toBe('2024-11-21T10:30:00.000Z');
  });

  it('recomputes hashtag keys from display forms and dedupes them', () => {
    const p = set(post(0), 'hashtags', [
      { key: 'DataLake', display: 'DataLake' },
      { key: 'x', display: 'DATALAKE' },
    ]);
    expect(okPost(normalizeRecord(p)).hashtags).toEqual([{ key: 'datalake', display: 'DataLake' }]);
  });

  it('drops enrichment fields and bookkeeping attributes', () => {
    const p = {
      ...post(1),
      sentiment: 'POSITIVE',
      sentimentScore: { Positive: 1, Negative: 0, Neutral: 0, Mixed: 0 },
      enrichStatus: 'OK',
      countedAt: '2024-11-21T10:25:00Z',
    };
    const out = okPost(normalizeRecord(p));
    expect(out).not.toHaveProperty('sentiment');
    expect(out).not.toHaveProperty('sentimentScore');
    expect(out).not.toHaveProperty('enrichStatus');
    expect(out).not.toHaveProperty('countedAt');
    expect(postSchema.safeParse(out).success).toBe(true);
  });

  it('names missing and invalid fields', () => {
    expect(rejection(normalizeRecord(set(post(0), 'text', undefined)))).toEqual({
      code: 'MISSING_FIELD',
      reason: 'post: text is missing',
    });
    expect(rejection(normalizeRecord(set(post(0), 'author.id', 42)))).toEqual({
      code: 'INVALID',
      reason: expect.stringMatching(/^post: author\.id: /),
    });
    expect(rejection(normalizeRecord(set(post(0), 'source', 'myspace')))).toEqual({
      code: 'INVALID',
      reason: expect.stringMatching(/^post: source: /),
    });
    expect(rejection(normalizeRecord(set(post(0), 'createdAt', 'last tuesday')))).toEqual({
      code: 'INVALID',
      reason: expect.stringMatching(/^post: createdAt: /),
    });
    expect(rejection(normalizeRecord(set(post(1), 'cashtags', ['AAPL']))).reason).toContain(
      'cashtags[0]',
    );
  });

  it("keeps Post JSON ids in their own source's namespace", () => {
    expect(okPost(normalizeRecord(set(post(0), 'id', '1001'))).id).toBe('post:1001');
    expect(okPost(normalizeRecord(set(post(0), 'id', 'gb:london-1'))).id).toBe('post:gb:london-1');
    expect(okPost(normalizeRecord(set(post(0), 'id', 'post:own'))).id).toBe('post:own');
    expect(rejection(normalizeRecord(set(post(0), 'id', 'x:1001')))).toEqual({
      code: 'INVALID',
      reason: 'post: id "x:1001" is in the x: namespace; a Post JSON id starts with post:',
    });
    expect(rejection(normalizeRecord(set(post(0), 'source', 'x'))).reason).toBe(
      'post: source "x" is for its own formats; Post JSON posts are post, replay, demo',
    );
  });
});
