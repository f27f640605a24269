import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  detectFormat,
  normalizeRecord,
  parseStreamRecord,
  retractionOf,
} from '../../../functions/domain/normalize';
import { MAX_TEXT_LENGTH } from '../../../functions/domain/post';
import { findRepoRoot } from '../../../local/paths';
import { fixture, okPost, rejection, set } from './fixtures';

/** reddit-things.json: submission, comment, crosspost, removed, deleted, removed comment, profile. */
const thing = (index: number) => fixture('reddit-things.json', index);
const data = (t: Record<string, unknown>) => t.data as Record<string, unknown>;

describe('Reddit things', () => {
  it('reads a submission: title and body, author, subreddit as a tag, permalink', () => {
    const result = normalizeRecord(thing(0));
    expect(result).toMatchObject({ ok: true, format: 'reddit' });
    expect(okPost(result)).toEqual({
      id: 'reddit:t3_1gwcx0a',
      source: 'reddit',
      text:
        'Lambda cold starts with SnapStart for Node.js?\n\nHas anyone measured #SnapStart on Node 22 ' +
        'yet? We run 40 functions behind API Gateway and p99 cold starts are around 900 ms. ' +
        'Thinking about #serverless provisioned concurrency instead.',
      createdAt: '2024-11-21T10:21:52.000Z',
      author: { id: 't2_6l4z3', handle: 'cloud_dev_42' },
      hashtags: [
        { key: 'r:aws', display: 'r/aws' },
        { key: 'snapstart', display: 'SnapStart' },
        { key: 'serverless', display: 'serverless' },
      ],
      cashtags: [],
      isRetweet: false,
      isReply: false,
      url: 'https://www.reddit.com/r/aws/comments/1gwcx0a/lambda_cold_starts_with_snapstart_for_nodejs/',
    });
  });

  it('reads a comment as a reply, with its own permalink', () => {
    const post = okPost(normalizeRecord(thing(1)));
    expect(post).toMatchObject({
      id: 'reddit:t1_lyf3k2a',
      source: 'reddit',
      createdAt: '2024-11-21T10:26:40.000Z',
      author: { id: 't2_3mmx8q', handle: 'lambda_larry' },
      isReply: true,
      isRetweet: false,
      url: 'https://www.reddit.com/r/aws/comments/1gwcx0a/lambda_cold_starts_with_snapstart_for_nodejs/lyf3k2a/',
    });
    expect(post.text).toMatch(/^We measured it/);
    expect(post.hashtags.map((h) => h.key)).toEqual(['r:aws', 'snapstart']);
    expect(post.lang).toBeUndefined();
  });

  it('reads a crosspost as a share (isRetweet) in the subreddit it was posted to', () => {
    const post = okPost(normalizeRecord(thing(2)));
    expect(post).toMatchObject({ id: 'reddit:t3_1gwe01b', isRetweet: true });
    expect(post.hashtags).toEqual([{ key: 'r:devops', display: 'r/devops' }]);
    // A link post has no body: its text is its title.
    expect(post.text).toBe('Lambda cold starts with SnapStart for Node.js?');
  });

  it('does not count a user profile as a community', () => {
    const post = okPost(normalizeRecord(thing(6)));
    expect(post.hashtags.map((h) => h.key)).toEqual(['serverless']);
  });

  it('reads cashtags from the text, and keeps the subreddit first of 17 counted tags', () => {
    const t = thing(0);
    const tags = Array.from({ length: 20 }, (_, i) => `#tag${String.fromCharCode(97 + i)}`);
    set(t, 'data.selftext', `${tags.join(' ')} and $AMZN`);
    const post = okPost(normalizeRecord(t));
    expect(post.hashtags[0]).toEqual({ key: 'r:aws', display: 'r/aws' });
    expect(post.cashtags).toEqual(['$AMZN']);
  });

  it('keeps a post whose author deleted their account, without an author', () => {
    const t = thing(0);
    set(t, 'data.author', '[deleted]');
    set(t, 'data.author_fullname', undefined);
    const post = okPost(normalizeRecord(t));
    expect(post.author).toBeUndefined();
  });

  it('cuts a self post longer than a Post holds (Reddit allows 40,000 characters)', () => {
    const t = thing(0);
    set(t, 'data.selftext', `${'😀'.repeat(20_000)}`);
    const post = okPost(normalizeRecord(t));
    expect(post.text.length).toBeLessThanOrEqual(MAX_TEXT_LENGTH);
    expect(post.text.endsWith('…')).toBe(true);
    expect(post.text).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });

  it('builds the link from the ids when the permalink is missing or not a reddit.com path', () => {
    const t = thing(1);
    set(t, 'data.permalink', '//evil.example/x');
    expect(okPost(normalizeRecord(t)).url).toBe(
      'https://www.reddit.com/comments/1gwcx0a/_/lyf3k2a/',
    );
    const s = thing(0);
    set(s, 'data.permalink', undefined);
    expect(okPost(normalizeRecord(s)).url).toBe('https://www.reddit.com/comments/1gwcx0a/');
  });

  it('takes the fullname from kind and id when name is absent', () => {
    const t = thing(0);
    set(t, 'data.name', undefined);
    expect(okPost(normalizeRecord(t)).id).toBe('reddit:t3_1gwcx0a');
  });

  it('is detected by its kind, before the X v2 form it resembles ({data: {...}})', () => {
    expect(detectFormat(thing(0))).toBe('reddit');
    expect(detectFormat({ kind: 'Listing', data: { children: [] } })).toBe('reddit');
    expect(detectFormat({ data: { id: '1', text: 'x' } })).toBe('x-v2');
  });
});

describe('Reddit takedowns follow the delete policy', () => {
  it.each([
    [3, 'reddit:t3_1gwe3cd', 'was removed (moderator)'],
    [4, 'reddit:t1_lyf5d0e', 'was deleted'],
    [5, 'reddit:t1_lyf5e77', 'was removed'],
  ])('thing %i is read as a retraction of %s', (index, id, why) => {
    const t = thing(index);
    expect(rejection(normalizeRecord(t))).toEqual({
      code: 'UNSUPPORTED_EVENT',
      reason: expect.stringContaining(why) as string,
    });
    expect(retractionOf(t)).toEqual({ id, format: 'reddit' });
    expect(parseStreamRecord(JSON.stringify(t))).toEqual({
      kind: 'retraction',
      retraction: { id, format: 'reddit' },
    });
  });

  it('reads a submission whose body reads [deleted] as deleted, whatever the category', () => {
    const t = thing(0);
    set(t, 'data.selftext', '[deleted]');
    expect(retractionOf(t)?.id).toBe('reddit:t3_1gwcx0a');
  });

  it('names no post when the removed thing has no usable id', () => {
    const t = thing(3);
    set(t, 'data.name', 'not a fullname');
    expect(retractionOf(t)).toBeUndefined();
    expect(parseStreamRecord(JSON.stringify(t))).toMatchObject({ kind: 'rejected' });
  });
});

describe('malformed Reddit records are rejected with a reason', () => {
  const cases: [string, (t: Record<string, unknown>) => void, string, string][] = [
    ['no data', (t) => delete t.data, 'MISSING_FIELD', 'reddit: data is missing'],
    ['data a string', (t) => (t.data = 'x'), 'INVALID', 'reddit: data must be an object'],
    [
      'no id or name',
      (t) => {
        delete data(t).name;
        delete data(t).id;
      },
      'MISSING_FIELD',
      'reddit: data.name is missing',
    ],
    [
      'name of another kind',
      (t) => (data(t).name = 't1_1gwcx0a'),
      'INVALID',
      'reddit: data.name: must be a t3 fullname',
    ],
    ['no title', (t) => delete data(t).title, 'MISSING_FIELD', 'reddit: data.title is missing'],
    ['title a number', (t) => (data(t).title = 5), 'INVALID', 'reddit: data.title: Invalid input'],
    [
      'no created_utc',
      (t) => delete data(t).created_utc,
      'MISSING_FIELD',
      'reddit: data.created_utc is missing',
    ],
    [
      'created_utc a date string',
      (t) => (data(t).created_utc = '2024-11-21'),
      'INVALID',
      'reddit: data.created_utc: Invalid input: expected number',
    ],
    [
      'created_utc beyond any date',
      (t) => (data(t).created_utc = 1e300),
      'INVALID',
      'is not a valid time',
    ],
    [
      'created_utc in 2099',
      (t) => (data(t).created_utc = 4_070_908_800),
      'INVALID',
      'min in the future',
    ],
    ['no author', (t) => delete data(t).author, 'MISSING_FIELD', 'reddit: data.author is missing'],
    [
      'subreddit with a slash',
      (t) => (data(t).subreddit = 'aws/../x'),
      'INVALID',
      'reddit: data.subreddit: must be a subreddit name',
    ],
    [
      'empty title and body',
      (t) => {
        data(t).title = ' ';
        data(t).selftext = '';
      },
      'INVALID',
      'reddit: data.title is empty',
    ],
  ];
  it.each(cases)('%s', (_name, change, code, reason) => {
    const t = thing(0);
    change(t);
    expect(rejection(normalizeRecord(t))).toEqual({
      code,
      reason: expect.stringContaining(reason) as string,
    });
  });

  it('rejects a comment longer than Reddit allows', () => {
    const t = thing(1);
    set(t, 'data.body', 'a'.repeat(MAX_TEXT_LENGTH + 1));
    expect(rejection(normalizeRecord(t))).toEqual({
      code: 'INVALID',
      reason: 'reddit: data.body is longer than 10000 characters (10001)',
    });
  });

  it('tells a listing page and things without a post apart from posts', () => {
    const page = readFileSync(
      join(findRepoRoot(), 'tests/fixtures/formats/reddit-listing.jsonl'),
      'utf8',
    ).split('\n')[0]!;
    expect(rejection(normalizeRecord(JSON.parse(page)))).toEqual({
      code: 'INVALID',
      reason: expect.stringContaining('a Listing page (2 things) is not one post') as string,
    });
    expect(rejection(normalizeRecord({ kind: 't5', data: { display_name: 'aws' } }))).toEqual({
      code: 'UNSUPPORTED_EVENT',
      reason: 'reddit: kind t5 (a subreddit) carries no post',
    });
    expect(rejection(normalizeRecord({ kind: 'more', data: { children: ['abc'] } }))).toMatchObject(
      {
        code: 'UNSUPPORTED_EVENT',
      },
    );
  });
});
