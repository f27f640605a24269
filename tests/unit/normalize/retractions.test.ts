import { parseStreamRecord, retractionOf } from '../../../functions/domain/normalize';

describe('deletes are read as retractions', () => {
  it.each<[string, unknown, string]>([
    [
      'X API v1.1 status deletion notice',
      {
        delete: {
          status: {
            id: 1,
            id_str: '1859542439660987333',
            user_id: 1,
            user_id_str: '1',
          },
          timestamp_ms: '1732184470000',
        },
      },
      'x:1859542439660987333',
    ],
    [
      'X API v2 compliance delete',
      {
        data: {
          delete: {
            tweet: { id: '1859542439660987333', author_id: '1' },
            event_at: '2024-11-21T10:21:09.871Z',
          },
        },
      },
      'x:1859542439660987333',
    ],
    [
      'Jetstream commit deleting a post',
      {
        did: 'did:plc:4hqjfn7m6n5hno3doamuhgef',
        time_us: 1732184470123456,
        kind: 'commit',
        commit: {
          rev: '3lbhrn4abcd2x',
          operation: 'delete',
          collection: 'app.bsky.feed.post',
          rkey: '3lbhrm2wyjk2c',
        },
      },
      'bsky:at://did:plc:4hqjfn7m6n5hno3doamuhgef/app.bsky.feed.post/3lbhrm2wyjk2c',
    ],
  ])('%s', (_name, raw, id) => {
    expect(retractionOf(raw)?.id).toBe(id);
    expect(parseStreamRecord(JSON.stringify(raw))).toMatchObject({
      kind: 'retraction',
      retraction: { id },
    });
  });

  it.each<[string, unknown]>([
    [
      'a like deleted',
      {
        did: 'did:plc:x',
        time_us: 1,
        kind: 'commit',
        commit: { operation: 'delete', collection: 'app.bsky.feed.like', rkey: 'a' },
      },
    ],
    ['an X limit notice', { limit: { track: 5 } }],
    ['a delete without an id', { delete: { status: {} } }],
    [
      'a delete with a numeric id only (precision lost)',
      // As JSON.parse leaves it: the last digits of a 19-digit id are gone.
      JSON.parse('{"delete": {"status": {"id": 1859542439660987333}}}') as unknown,
    ],
    [
      'a DID that is not one',
      {
        did: 'nope',
        time_us: 1,
        kind: 'commit',
        commit: { operation: 'delete', collection: 'app.bsky.feed.post', rkey: 'a' },
      },
    ],
  ])('%s is no retraction', (_name, raw) => {
    expect(retractionOf(raw)).toBeUndefined();
    expect(parseStreamRecord(JSON.stringify(raw)).kind).toBe('rejected');
  });

  it('reads posts as posts', () => {
    const post = { data: { id: '1859542439660987333', text: 'hello #world' } };
    expect(parseStreamRecord(JSON.stringify(post))).toMatchObject({ kind: 'post', format: 'x-v2' });
  });
});

describe('edits are read as new versions', () => {
  it('X API v2: the earlier ids of edit_history_tweet_ids are what the post replaces', () => {
    const edit = {
      data: {
        id: '1859542439660987400',
        text: 'fixed typo #world',
        created_at: '2024-11-21T10:30:00.000Z',
        edit_history_tweet_ids: [
          '1859542439660987333',
          '1859542439660987350',
          '1859542439660987400',
        ],
      },
    };
    const parsed = parseStreamRecord(JSON.stringify(edit));
    expect(parsed).toMatchObject({
      kind: 'post',
      post: {
        id: 'x:1859542439660987400',
        replaces: ['x:1859542439660987333', 'x:1859542439660987350'],
        revision: '01859542439660987400',
      },
    });
  });

  it('X API v1.1: edit_history.edit_tweet_ids', () => {
    const edit = {
      id_str: '1859542439660987400',
      created_at: 'Thu Nov 21 10:30:00 +0000 2024',
      text: 'fixed #world',
      user: { id_str: '1', screen_name: 'a' },
      edit_history: {
        initial_tweet_id: '1859542439660987333',
        edit_tweet_ids: ['1859542439660987333', '1859542439660987400'],
      },
    };
    expect(parseStreamRecord(JSON.stringify(edit))).toMatchObject({
      kind: 'post',
      post: { replaces: ['x:1859542439660987333'] },
    });
  });
});
