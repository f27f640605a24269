import { jetstreamCommitSchema, normalizeRecord } from '../../../functions/domain/normalize';
import { fixture, okPost, rejection, set } from './fixtures';

const FACETS = 0;
const REPLY = 1;
const NO_FACETS = 2;

const bsky = (i: number) => fixture('bluesky.json', i);

describe('Bluesky Jetstream commit events', () => {
  it('accepts every fixture through its schema and the normalizer', () => {
    for (let i = 0; i <= NO_FACETS; i++) {
      expect(jetstreamCommitSchema.safeParse(bsky(i)).success).toBe(true);
      expect(normalizeRecord(bsky(i))).toMatchObject({ ok: true, format: 'bsky-jetstream' });
    }
  });

  it('builds the at:// id, the author, the url and the primary language', () => {
    expect(okPost(normalizeRecord(bsky(FACETS)))).toEqual({
      id: 'bsky:at://did:plc:4hqjfn7m6n5hno3doamuhgef/app.bsky.feed.post/3lbhrm2wyjk2c',
      source: 'bsky',
      text: 'Great talk on event-driven design this morning! #AWS #ServerlessDays example.org/talk',
      createdAt: '2024-11-21T10:21:09.871Z',
      lang: 'en',
      author: { id: 'did:plc:4hqjfn7m6n5hno3doamuhgef' },
      // Tag facets first, then record.tags; "aws" in tags repeats #AWS and is deduped.
      hashtags: [
        { key: 'aws', display: 'AWS' },
        { key: 'serverlessdays', display: 'ServerlessDays' },
        { key: 'cloud', display: 'cloud' },
      ],
      cashtags: [],
      isRetweet: false,
      isReply: false,
      url: 'https://bsky.app/profile/did:plc:4hqjfn7m6n5hno3doamuhgef/post/3lbhrm2wyjk2c',
    });
  });

  it('marks replies', () => {
    const post = okPost(normalizeRecord(bsky(REPLY)));
    expect(post.isReply).toBe(true);
    expect(post.lang).toBe('ja');
    expect(post.hashtags).toEqual([{ key: 'サーバーレス', display: 'サーバーレス' }]);
  });

  it('reads hashtags and cashtags from the text when the record has no facets', () => {
    const post = okPost(normalizeRecord(bsky(NO_FACETS)));
    expect(post.hashtags).toEqual([
      { key: 'börse', display: 'Börse' },
      { key: 'ki', display: 'KI' },
    ]);
    expect(post.cashtags).toEqual(['$NVDA']);
    expect(post.createdAt).toBe('2024-11-21T09:23:08.004Z');
  });

  it('does not read text hashtags when facets exist without tag features', () => {
    const e = set(bsky(NO_FACETS), 'commit.record.facets', [
      { features: [{ $type: 'app.bsky.richtext.facet#link', uri: 'https://x.y' }] },
    ]);
    expect(okPost(normalizeRecord(e)).hashtags).toEqual([]);
  });

  it('has no language when langs is missing or unknown', () => {
    expect(
      okPost(normalizeRecord(set(bsky(FACETS), 'commit.record.langs', undefined))).lang,
    ).toBeUndefined();
    expect(
      okPost(normalizeRecord(set(bsky(FACETS), 'commit.record.langs', ['und']))).lang,
    ).toBeUndefined();
    expect(
      okPost(normalizeRecord(set(bsky(FACETS), 'commit.record.langs', ['pt-BR', 'en']))).lang,
    ).toBe('pt');
  });

  it.each([
    ['kind', 'identity', 'kind "identity" is not a commit'],
    ['kind', 'account', 'kind "account" is not a commit'],
    ['commit.operation', 'delete', 'operation "delete" is not create or update'],
    [
      'commit.collection',
      'app.bsky.feed.like',
      'collection "app.bsky.feed.like" is not app.bsky.feed.post',
    ],
  ])('rejects %s = %s as UNSUPPORTED_EVENT', (path, value, reason) => {
    expect(rejection(normalizeRecord(set(bsky(FACETS), path, value)))).toEqual({
      code: 'UNSUPPORTED_EVENT',
      reason: `bsky-jetstream: ${reason}`,
    });
  });

  it('reads an update as a new version of the post, replacing the original', () => {
    const update = set(
      set(bsky(FACETS), 'commit.operation', 'update'),
      'commit.rev',
      '3lbhrn4abcd2x',
    );
    const post = okPost(normalizeRecord(update));
    const base = 'bsky:at://did:plc:4hqjfn7m6n5hno3doamuhgef/app.bsky.feed.post/3lbhrm2wyjk2c';
    expect(post).toMatchObject({
      id: `${base}#3lbhrn4abcd2x`,
      replaces: [base],
      revision: '3lbhrn4abcd2x',
    });
    expect(rejection(normalizeRecord(set(update, 'commit.rev', undefined)))).toEqual({
      code: 'MISSING_FIELD',
      reason: 'bsky-jetstream: commit.rev is missing',
    });
  });

  it('names missing and invalid fields', () => {
    expect(rejection(normalizeRecord(set(bsky(FACETS), 'commit.record.text', undefined)))).toEqual({
      code: 'MISSING_FIELD',
      reason: 'bsky-jetstream: commit.record.text is missing',
    });
    expect(rejection(normalizeRecord(set(bsky(FACETS), 'commit.rkey', undefined)))).toEqual({
      code: 'MISSING_FIELD',
      reason: 'bsky-jetstream: commit.rkey is missing',
    });
    expect(rejection(normalizeRecord(set(bsky(FACETS), 'did', 'not-a-did'))).reason).toMatch(
      /^bsky-jetstream: did: /,
    );
    expect(rejection(normalizeRecord(set(bsky(FACETS), 'commit.rkey', '../../etc'))).code).toBe(
      'INVALID',
    );
    expect(
      rejection(normalizeRecord(set(bsky(FACETS), 'commit.record.createdAt', 'soon'))),
    ).toEqual({
      code: 'INVALID',
      reason: expect.stringContaining('commit.record.createdAt'),
    });
    expect(rejection(normalizeRecord(set(bsky(FACETS), 'commit.record.text', '')))).toEqual({
      code: 'INVALID',
      reason: 'bsky-jetstream: commit.record.text is empty',
    });
  });
});
