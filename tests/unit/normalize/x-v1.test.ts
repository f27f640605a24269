import { normalizeRecord, xV1StatusSchema } from '../../../functions/domain/normalize';
import { fixture, okPost, rejection, set } from './fixtures';

const EXTENDED = 0;
const RETWEET = 1;
const EXACT = 2;
const REPLY = 3;
const POINT_ONLY = 4;
const LEGACY_LANG = 5;

const v1 = (i: number) => fixture('x-v1.json', i);

/** A minimal valid status, for branches the fixtures do not cover. */
const minimal = (): Record<string, unknown> => ({
  created_at: 'Wed Oct 10 20:19:24 +0000 2018',
  id_str: '1050118621198921728',
  text: 'hello world',
  user: { id_str: '6253282', screen_name: 'TwitterAPI', name: 'Twitter API' },
});

describe('X API v1.1 statuses', () => {
  it('accepts every fixture through its schema and the normalizer', () => {
    for (let i = 0; i <= LEGACY_LANG; i++) {
      expect(xV1StatusSchema.safeParse(v1(i)).success).toBe(true);
      expect(normalizeRecord(v1(i))).toMatchObject({ ok: true, format: 'x-v1' });
    }
  });

  it('normalizes a minimal status', () => {
    expect(okPost(normalizeRecord(minimal()))).toEqual({
      id: 'x:1050118621198921728',
      source: 'x',
      text: 'hello world',
      createdAt: '2018-10-10T20:19:24.000Z',
      author: { id: '6253282', handle: 'TwitterAPI', name: 'Twitter API' },
      hashtags: [],
      cashtags: [],
      isRetweet: false,
      isReply: false,
      url: 'https://x.com/TwitterAPI/status/1050118621198921728',
    });
  });

  it('takes the full text and entities of an extended tweet, decoding HTML entities', () => {
    const post = okPost(normalizeRecord(v1(EXTENDED)));
    expect(post.text).toContain('costs less than our coffee budget');
    expect(post.text).toContain('Kinesis -> Lambda -> DynamoDB');
    // #AWS and #aws are one hashtag; the first display form wins.
    expect(post.hashtags).toEqual([
      { key: 'serverless', display: 'Serverless' },
      { key: 'aws', display: 'AWS' },
      { key: 'dataengineering', display: 'DataEngineering' },
    ]);
    expect(post.cashtags).toEqual(['$AMZN']);
  });

  it('prefers full_text over text (REST extended mode)', () => {
    const s = { ...minimal(), text: 'short…', full_text: 'the whole text #full' };
    const post = okPost(normalizeRecord(s));
    expect(post.text).toBe('the whole text #full');
    expect(post.hashtags).toEqual([{ key: 'full', display: 'full' }]);
  });

  it("marks a retweet and uses the original's full text and entities", () => {
    const post = okPost(normalizeRecord(v1(RETWEET)));
    expect(post.isRetweet).toBe(true);
    expect(post.text).toMatch(/^Announcing faster cold starts/);
    expect(post.text).toContain('what it means for your #serverless apps');
    expect(post.hashtags.map((h) => h.key)).toEqual(['awslambda', 'serverless']);
    // The retweet itself is the post: its id, time and author.
    expect(post.id).toBe('x:1859541271782204357');
    expect(post.createdAt).toBe('2024-11-21T10:16:02.000Z');
    expect(post.author?.handle).toBe('devpatel_cloud');
  });

  it('keeps ids beyond 2^53 exact by using id_str, for the post and the author', () => {
    const post = okPost(normalizeRecord(v1(RETWEET)));
    expect(post.author?.id).toBe('1483727155012546561');
    const raw = JSON.parse(
      '{"created_at":"Wed Oct 10 20:19:24 +0000 2018","id":1859541136167773125,"id_str":"1859541136167773125","text":"big","user":{"id":1,"id_str":"1"}}',
    );
    expect(String(raw.id)).not.toBe('1859541136167773125'); // JSON.parse already lost digits
    expect(okPost(normalizeRecord(raw)).id).toBe('x:1859541136167773125');
  });

  it('falls back to a numeric id only when it is a safe integer', () => {
    const safe = set(set(minimal(), 'id_str', undefined), 'id', 20);
    expect(okPost(normalizeRecord(safe)).id).toBe('x:20');
    const unsafe = set(set(minimal(), 'id_str', undefined), 'id', 2 ** 60);
    expect(rejection(normalizeRecord(unsafe))).toEqual({
      code: 'INVALID',
      reason: expect.stringContaining('beyond 2^53'),
    });
    const unsafeUser = set(minimal(), 'user', { id: 2 ** 60 });
    expect(rejection(normalizeRecord(unsafeUser)).reason).toContain('user.id');
  });

  it('uses exact coordinates over the bounding-box centroid, keeping the place', () => {
    const post = okPost(normalizeRecord(v1(EXACT)));
    expect(post.place).toEqual({
      id: 'x:5a110d312052166f',
      name: 'San Francisco',
      fullName: 'San Francisco, CA',
      country: 'United States',
      countryCode: 'US',
      lat: 37.78249,
      lon: -122.40718,
      bbox: [-122.514926, 37.708075, -122.357031, 37.833238],
      exact: true,
    });
    expect(post.cashtags).toEqual(['$AAPL', '$TSLA']);
  });

  it('uses the bounding-box centroid when there are no coordinates', () => {
    const place = okPost(normalizeRecord(v1(EXTENDED))).place;
    expect(place).toMatchObject({
      id: 'x:3078869807f9dd36',
      name: 'Berlin',
      countryCode: 'DE',
      exact: false,
    });
    expect(place?.lat).toBeCloseTo((52.338079 + 52.675323) / 2, 5);
    expect(place?.lon).toBeCloseTo((13.088304 + 13.760909) / 2, 5);
  });

  it('centres a bounding box that crosses the antimeridian on the right side', () => {
    const fiji = set(minimal(), 'place', {
      id: 'f1',
      name: 'Fiji',
      country_code: 'FJ',
      bounding_box: {
        type: 'Polygon',
        coordinates: [
          [
            [177.0, -19.0],
            [177.0, -16.0],
            [-179.0, -16.0],
            [-179.0, -19.0],
          ],
        ],
      },
    });
    const place = okPost(normalizeRecord(fiji)).place;
    expect(place?.lon).toBeCloseTo(179, 6);
    expect(place?.bbox).toEqual([177, -19, -179, -16]);
  });

  it('makes a place from exact coordinates alone', () => {
    const place = okPost(normalizeRecord(v1(POINT_ONLY))).place;
    expect(place).toEqual({
      id: 'geo:35.68,139.77',
      name: '35.68,139.77',
      lat: 35.68123,
      lon: 139.76932,
      exact: true,
    });
  });

  it('ids a place without a source id by country code and name, lower-cased', () => {
    const s = set(minimal(), 'place', { name: 'Köln', country_code: 'DE', country: 'Deutschland' });
    expect(okPost(normalizeRecord(s)).place).toEqual({
      id: 'de:köln',
      name: 'Köln',
      country: 'Deutschland',
      countryCode: 'DE',
    });
  });

  it('marks replies and dedupes hashtags across case', () => {
    const post = okPost(normalizeRecord(v1(REPLY)));
    expect(post.isReply).toBe(true);
    expect(post.hashtags).toEqual([
      { key: 'fútbol', display: 'Fútbol' },
      { key: 'laliga', display: 'LaLiga' },
    ]);
  });

  it('extracts hashtags from the text when the status has no entities', () => {
    const post = okPost(normalizeRecord(v1(POINT_ONLY)));
    expect(post.hashtags).toEqual([
      { key: '東京', display: '東京' },
      { key: '紅葉', display: '紅葉' },
    ]);
    const cash = okPost(normalizeRecord({ ...minimal(), text: 'long $aapl #Apple' }));
    expect(cash.cashtags).toEqual(['$AAPL']);
    expect(cash.hashtags).toEqual([{ key: 'apple', display: 'Apple' }]);
  });

  it('trusts empty entities: no extraction when the source says there are none', () => {
    const s = { ...minimal(), text: 'not a #tag by X', entities: { hashtags: [], symbols: [] } };
    expect(okPost(normalizeRecord(s)).hashtags).toEqual([]);
  });

  it('maps language codes: und is unknown, legacy codes are modernised', () => {
    expect(okPost(normalizeRecord(v1(LEGACY_LANG))).lang).toBe('id');
    expect(okPost(normalizeRecord({ ...minimal(), lang: 'und' })).lang).toBeUndefined();
    expect(okPost(normalizeRecord({ ...minimal(), lang: 'qme' })).lang).toBeUndefined();
    expect(okPost(normalizeRecord({ ...minimal(), lang: 'en-gb' })).lang).toBe('en');
  });

  it('converts created_at offsets to UTC', () => {
    const s = { ...minimal(), created_at: 'Wed Oct 10 23:19:24 +0300 2018' };
    expect(okPost(normalizeRecord(s)).createdAt).toBe('2018-10-10T20:19:24.000Z');
  });

  it.each([
    ['2018-10-10T20:19:24Z'],
    ['Wed Feb 30 20:19:24 +0000 2018'],
    ['Wed Oct 10 25:19:24 +0000 2018'],
    ['Wed Foo 10 20:19:24 +0000 2018'],
  ])('rejects created_at %s as INVALID', (createdAt) => {
    const r = rejection(normalizeRecord({ ...minimal(), created_at: createdAt }));
    expect(r.code).toBe('INVALID');
    expect(r.reason).toContain('created_at');
  });

  it('keeps a status without a user (an X archive tweets.js entry) as a post without an author', () => {
    const post = okPost(normalizeRecord(set(minimal(), 'user', undefined)));
    expect(post.author).toBeUndefined();
    expect(post.url).toMatch(/^https:\/\/x\.com\/i\/web\/status\//);
  });

  it('names the missing field', () => {
    expect(rejection(normalizeRecord(set(minimal(), 'text', undefined)))).toEqual({
      code: 'MISSING_FIELD',
      reason: 'x-v1: text is missing',
    });
    expect(rejection(normalizeRecord(set(minimal(), 'id_str', undefined)))).toEqual({
      code: 'MISSING_FIELD',
      reason: 'x-v1: id_str is missing',
    });
    expect(rejection(normalizeRecord(set(minimal(), 'user', null)))).toEqual({
      code: 'MISSING_FIELD',
      reason: 'x-v1: user is missing',
    });
    const rt = set(minimal(), 'retweeted_status', { user: { id_str: '1' } });
    expect(rejection(normalizeRecord(rt)).reason).toBe('x-v1: retweeted_status.text is missing');
  });

  it('rejects wrong types and out-of-range coordinates as INVALID, naming the field', () => {
    expect(rejection(normalizeRecord({ ...minimal(), text: 42 }))).toEqual({
      code: 'INVALID',
      reason: expect.stringMatching(/^x-v1: text: /),
    });
    const far = { ...minimal(), coordinates: { type: 'Point', coordinates: [200, 10] } };
    expect(rejection(normalizeRecord(far))).toEqual({
      code: 'INVALID',
      reason: expect.stringContaining('coordinates.coordinates[0]'),
    });
    expect(rejection(normalizeRecord({ ...minimal(), id_str: '12a' })).reason).toContain('id_str');
  });

  it('rejects empty text', () => {
    expect(rejection(normalizeRecord({ ...minimal(), text: '   ' }))).toEqual({
      code: 'INVALID',
      reason: 'x-v1: text is empty',
    });
  });

  it('treats stream control messages as unsupported events', () => {
    const del = { delete: { status: { id_str: '1', user_id_str: '2' }, timestamp_ms: '1' } };
    expect(rejection(normalizeRecord(del))).toEqual({
      code: 'UNSUPPORTED_EVENT',
      reason: 'x-v1: "delete" stream message carries no post',
    });
    expect(rejection(normalizeRecord({ limit: { track: 5 } })).code).toBe('UNSUPPORTED_EVENT');
  });
});
