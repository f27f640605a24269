import { normalizeRecord, xV2StreamPayloadSchema } from '../../../functions/domain/normalize';
import { fixture, okPost, rejection, set } from './fixtures';

const PLACE = 0;
const NOTE = 1;
const RETWEET = 2;
const REPLY = 3;

const v2 = (i: number) => fixture('x-v2.json', i);

const minimal = (): Record<string, unknown> => ({
  data: {
    id: '1859542439660987333',
    text: 'hello #World',
    created_at: '2024-11-21T10:20:40.900Z',
    author_id: '42',
  },
});

describe('X API v2 filtered-stream payloads', () => {
  it('accepts every fixture through its schema and the normalizer', () => {
    for (let i = 0; i <= REPLY; i++) {
      expect(xV2StreamPayloadSchema.safeParse(v2(i)).success).toBe(true);
      expect(normalizeRecord(v2(i))).toMatchObject({ ok: true, format: 'x-v2' });
    }
  });

  it('resolves the author and the place from includes, and keeps matching rules', () => {
    const post = okPost(normalizeRecord(v2(PLACE)));
    expect(post).toMatchObject({
      id: 'x:1859542439660987333',
      source: 'x',
      createdAt: '2024-11-21T10:20:40.900Z',
      lang: 'fr',
      author: { id: '1022233344455566677', handle: 'camille_tech', name: 'Camille Martin' },
      hashtags: [
        { key: 'vivatech', display: 'VivaTech' },
        { key: 'ia', display: 'IA' },
        { key: 'startups', display: 'startups' },
      ],
      cashtags: ['$NVDA'],
      matchingRules: ['tech events', 'stocks'],
      url: 'https://x.com/camille_tech/status/1859542439660987333',
      isRetweet: false,
      isReply: false,
    });
    expect(post.place).toEqual({
      id: 'x:09f6a7707f18e0b1',
      name: 'Paris',
      fullName: 'Paris, France',
      country: 'France',
      countryCode: 'FR',
      lat: 48.858866,
      lon: 2.346941,
      bbox: [2.224122, 48.8155755, 2.4697602, 48.902156],
      exact: false,
    });
  });

  it('takes the long text and its entities from note_tweet, exact coordinates from geo', () => {
    const post = okPost(normalizeRecord(v2(NOTE)));
    expect(post.text).toMatch(/why we would still do it again\. #StepFunctions/);
    expect(post.hashtags.map((h) => h.key)).toEqual([
      'stepfunctions',
      'aws',
      'serverless',
      'devops',
    ]);
    expect(post.place).toMatchObject({
      id: 'x:07d9cd6afd884001',
      lat: 40.71427,
      lon: -74.00597,
      exact: true,
    });
  });

  it('marks a retweet and uses the original from includes.tweets', () => {
    const post = okPost(normalizeRecord(v2(RETWEET)));
    expect(post.isRetweet).toBe(true);
    expect(post.text).toBe(
      'Liftoff! The next chapter of lunar exploration begins today #Artemis #NASA 🌕',
    );
    expect(post.hashtags.map((h) => h.key)).toEqual(['artemis', 'nasa']);
    expect(post.author?.handle).toBe('kenji_space');
  });

  it('keeps the retweet text when the original is not included', () => {
    const payload = set(v2(RETWEET), 'includes.tweets', undefined);
    const post = okPost(normalizeRecord(payload));
    expect(post.isRetweet).toBe(true);
    expect(post.text).toMatch(/^RT @nasa_artemis: /);
  });

  it('marks replies and extracts hashtags from text when there are no entities', () => {
    const post = okPost(normalizeRecord(v2(REPLY)));
    expect(post.isReply).toBe(true);
    expect(post.lang).toBe('pt');
    expect(post.hashtags).toEqual([
      { key: 'rockinrio', display: 'RockInRio' },
      { key: 'música', display: 'música' },
    ]);
    expect(post.place).toMatchObject({
      id: 'x:68e019afec7d0ba5',
      name: 'São Paulo',
      countryCode: 'BR',
    });
  });

  it('normalizes a minimal payload without includes', () => {
    expect(okPost(normalizeRecord(minimal()))).toEqual({
      id: 'x:1859542439660987333',
      source: 'x',
      text: 'hello #World',
      createdAt: '2024-11-21T10:20:40.900Z',
      author: { id: '42' },
      hashtags: [{ key: 'world', display: 'World' }],
      cashtags: [],
      isRetweet: false,
      isReply: false,
      url: 'https://x.com/i/web/status/1859542439660987333',
    });
  });

  it('drops a place id missing from includes but keeps exact coordinates', () => {
    const noIncludes = set(minimal(), 'data.geo', { place_id: 'nowhere' });
    expect(okPost(normalizeRecord(noIncludes)).place).toBeUndefined();
    const withPoint = set(minimal(), 'data.geo', {
      place_id: 'nowhere',
      coordinates: { type: 'Point', coordinates: [13.4, 52.52] },
    });
    expect(okPost(normalizeRecord(withPoint)).place).toMatchObject({
      id: 'geo:52.52,13.40',
      exact: true,
    });
  });

  it('uses a rule id when the rule has no tag', () => {
    const p = { ...minimal(), matching_rules: [{ id: '1859000000000000009' }] };
    expect(okPost(normalizeRecord(p)).matchingRules).toEqual(['1859000000000000009']);
  });

  it('converts created_at with an offset to UTC', () => {
    const p = set(minimal(), 'data.created_at', '2024-11-21T12:20:40+02:00');
    expect(okPost(normalizeRecord(p)).createdAt).toBe('2024-11-21T10:20:40.000Z');
  });

  it("takes X API v2's default fields alone: the date from the snowflake id, no author", () => {
    const post = okPost(
      normalizeRecord({
        data: {
          id: '1859542439660987333',
          text: 'Only the default fields #Defaults',
          edit_history_tweet_ids: ['1859542439660987333'],
        },
      }),
    );
    expect(post).toMatchObject({
      id: 'x:1859542439660987333',
      createdAt: '2024-11-21T10:20:40.900Z',
      hashtags: [{ key: 'defaults', display: 'Defaults' }],
      url: 'https://x.com/i/web/status/1859542439660987333',
    });
    expect(post.author).toBeUndefined();
  });

  it('names missing and invalid fields', () => {
    // Ids before November 2010 are not snowflakes: they carry no date.
    const early = set(set(minimal(), 'data.created_at', undefined), 'data.id', '20');
    expect(rejection(normalizeRecord(early))).toEqual({
      code: 'MISSING_FIELD',
      reason: 'x-v2: data.created_at is missing (and data.id is not a snowflake)',
    });
    expect(rejection(normalizeRecord(set(minimal(), 'data.author_id', null)))).toEqual({
      code: 'MISSING_FIELD',
      reason: 'x-v2: data.author_id is missing',
    });
    expect(rejection(normalizeRecord(set(minimal(), 'data.text', undefined)))).toEqual({
      code: 'MISSING_FIELD',
      reason: 'x-v2: data.text is missing',
    });
    expect(rejection(normalizeRecord(set(minimal(), 'data.id', 123)))).toEqual({
      code: 'INVALID',
      reason: expect.stringMatching(/^x-v2: data\.id: /),
    });
    expect(
      rejection(normalizeRecord(set(minimal(), 'data.created_at', '2024-02-30T10:00:00Z'))),
    ).toEqual({
      code: 'INVALID',
      reason: expect.stringContaining('data.created_at'),
    });
    const badBox = set(v2(PLACE), 'includes.places', [{ id: 'p', geo: { bbox: [0, 0, 0] } }]);
    expect(rejection(normalizeRecord(badBox)).reason).toContain('includes.places[0].geo.bbox');
  });

  it('treats an error-only stream message as an unsupported event', () => {
    const msg = {
      errors: [
        {
          title: 'operational-disconnect',
          type: 'https://api.twitter.com/2/problems/operational-disconnect',
        },
      ],
    };
    expect(rejection(normalizeRecord(msg)).code).toBe('UNSUPPORTED_EVENT');
  });
});
