import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAndNormalize, parseStreamRecord } from '../../../../functions/domain/normalize/index';
import type { Post } from '../../../../functions/domain/post';
import { parseTableDate } from '../../../../sources/replay/formats/table';
import { skipSummary, startReplay, type ReplayStats } from '../../../../sources/replay/replay';
import { findRepoRoot } from '../../../../local/paths';

const FORMATS = join(findRepoRoot(), 'tests', 'fixtures', 'formats');

/** Replays a file verbatim into memory; returns the posts ingest would store, and the stats. */
async function replay(file: string): Promise<{ posts: Post[]; stats: ReplayStats }> {
  const data: string[] = [];
  const stats = await startReplay({
    file,
    verbatim: true,
    sink: (record) => {
      data.push(String(record.data));
      return Promise.resolve();
    },
  }).done;
  const posts = data.map((d) => {
    const result = parseAndNormalize(d);
    if (!result.ok) throw new Error(`ingest refused a replayed record: ${result.reason}`);
    return result.post;
  });
  return { posts, stats };
}

const brief = (p: Post) => ({
  id: p.id,
  author: p.author,
  tags: p.hashtags.map((h) => h.display),
  cashtags: p.cashtags,
});

describe('replay reads recordings as people have them', () => {
  it.each<[string, number]>([
    ['x-v2-default-fields.jsonl', 4],
    ['twarc2-search.jsonl', 4],
    ['twarc2-flat.jsonl', 2],
    ['bluesky-posts.jsonl', 3],
    ['x-archive/tweets.js', 2],
    ['tweets.csv', 3],
    ['labelled.tsv', 3],
    ['airline-sentiment.csv', 2],
    ['x-v2.jsonl', 4],
    ['x-v1.jsonl', 6],
    ['bluesky.jsonl', 3],
    ['x-v2.json', 4],
    ['reddit-listing.jsonl', 6],
  ])('%s: %i posts, nothing skipped', async (name, count) => {
    const { posts, stats } = await replay(join(FORMATS, name));
    expect({ skipped: stats.skipped, reasons: stats.reasons }).toEqual({ skipped: 0, reasons: [] });
    expect(posts).toHaveLength(count);
    expect(new Set(posts.map((p) => p.id)).size).toBe(count);
  });

  it('X API v2 default fields: no author, the date from the id', async () => {
    const { posts } = await replay(join(FORMATS, 'x-v2-default-fields.jsonl'));
    expect(posts[0]).toMatchObject({
      id: 'x:1862493817204752591',
      createdAt: '2024-11-29T13:48:24.140Z',
    });
    expect(posts.map((p) => p.author)).toEqual([undefined, undefined, undefined, undefined]);
  });

  it('twarc2 pages: every post of a page, its author and place joined from includes', async () => {
    const { posts, stats } = await replay(join(FORMATS, 'twarc2-search.jsonl'));
    expect(stats.lines).toBe(2);
    expect(posts.map(brief)).toEqual([
      {
        id: 'x:1862501012933873999',
        author: { id: '2183331', handle: 'dana_builds', name: 'Dana Ortiz' },
        tags: ['reInvent', 'DynamoDB'],
        cashtags: [],
      },
      {
        id: 'x:1862500719613780420',
        author: { id: '986472291', handle: 'ravik_dev', name: 'Ravi K' },
        tags: ['Kinesis'],
        cashtags: [],
      },
      {
        // A retweet counts the original's tags, from includes.tweets.
        id: 'x:1862499897374511223',
        author: { id: '66780587', handle: 'awscloud', name: 'Amazon Web Services' },
        tags: ['StepFunctions'],
        cashtags: [],
      },
      {
        id: 'x:1862497922361204903',
        author: { id: '44196397', handle: 'mkt_watch', name: 'Market Watcher' },
        tags: ['reInvent'],
        cashtags: ['$AMZN'],
      },
    ]);
    expect(posts[0]?.place).toMatchObject({ name: 'Las Vegas', countryCode: 'US' });
    expect(posts[1]?.isReply).toBe(true);
    expect(posts[2]?.isRetweet).toBe(true);
  });

  it('flattened twarc2 tweets keep their author and place', async () => {
    const { posts } = await replay(join(FORMATS, 'twarc2-flat.jsonl'));
    expect(posts[0]).toMatchObject({
      author: { id: '2183331', handle: 'dana_builds' },
      place: { name: 'Las Vegas', countryCode: 'US' },
    });
  });

  it("an X archive's tweets.js, with the author from account.js beside it", async () => {
    const { posts } = await replay(join(FORMATS, 'x-archive/tweets.js'));
    const author = { id: '1022233344455566677', handle: 'camille_tech', name: 'Camille Martin' };
    expect(posts.map(brief)).toEqual([
      { id: 'x:1859542439660987333', author, tags: ['VivaTech'], cashtags: ['$NVDA'] },
      { id: 'x:1859600000000000001', author, tags: ['serverless'], cashtags: [] },
    ]);
    expect(posts[0]?.createdAt).toBe('2024-11-21T10:20:40.000Z');
    expect(posts[1]).toMatchObject({ isReply: true, lang: 'fr' });
  });

  it('Bluesky post views keep the handle (and drop one the AppView marks invalid)', async () => {
    const { posts } = await replay(join(FORMATS, 'bluesky-posts.jsonl'));
    expect(posts.map((p) => p.author?.handle)).toEqual(['bsky.app', 'atproto.com', undefined]);
    expect(posts[1]?.isReply).toBe(true);
  });

  it('CSV with quoted commas, quotes and line breaks; TSV with unbalanced quotes', async () => {
    const csv = await replay(join(FORMATS, 'tweets.csv'));
    expect(csv.posts.map(brief)).toEqual([
      {
        id: 'x:1862501012933873999',
        author: { handle: 'dana_builds' },
        tags: ['reInvent'],
        cashtags: [],
      },
      {
        id: 'x:1862500719613780420',
        author: { handle: 'ravik_dev' },
        tags: ['Kinesis'],
        cashtags: [],
      },
      { id: 'x:1862497922361204903', author: undefined, tags: ['reInvent'], cashtags: ['$AMZN'] },
    ]);
    expect(csv.posts[1]?.text).toBe('Multi-line\ntweet about #Kinesis, with "quotes"');
    expect(csv.posts[1]?.createdAt).toBe('2024-11-29T14:13:18.000Z');
    // No date in the row: the snowflake id's.
    expect(csv.posts[2]?.createdAt).toBe('2024-11-29T14:04:42.000Z');
    const tsv = await replay(join(FORMATS, 'labelled.tsv'));
    expect(tsv.posts[0]?.text).toBe(
      'Just watched the #Apple keynote, "loved the new iPhone colours',
    );
    const airline = await replay(join(FORMATS, 'airline-sentiment.csv'));
    expect(airline.posts[0]).toMatchObject({
      author: { handle: 'cairdin' },
      createdAt: '2015-02-24T19:35:52.000Z',
    });
  });

  it('Reddit listing pages: every thing of every page, with its subreddit and link', async () => {
    const { posts, stats } = await replay(join(FORMATS, 'reddit-listing.jsonl'));
    expect(stats.lines).toBe(3);
    expect(posts.map((p) => [p.id, p.hashtags[0]?.display, p.isReply])).toEqual([
      ['reddit:t3_1gwd2kq', 'r/aws', false],
      ['reddit:t3_1gwcx0a', 'r/aws', false],
      ['reddit:t3_1gwd9zt', 'r/serverless', false],
      ['reddit:t1_lyf4a01', 'r/aws', true],
      ['reddit:t1_lyf3pq9', 'r/aws', true],
      ['reddit:t1_lyf3k2a', 'r/aws', true],
    ]);
    expect(posts[2]?.cashtags).toEqual(['$AMZN']);
    expect(posts[3]?.author).toBeUndefined(); // [deleted] account, the comment stays
    expect(posts[1]?.url).toBe(
      'https://www.reddit.com/r/aws/comments/1gwcx0a/lambda_cold_starts_with_snapstart_for_nodejs/',
    );
  });

  it('Reddit things one by one (a JSON array): posts, and takedowns sent as deletes', async () => {
    const data: string[] = [];
    const stats = await startReplay({
      file: join(FORMATS, 'reddit-things.json'),
      verbatim: true,
      sink: (record) => {
        data.push(String(record.data));
        return Promise.resolve();
      },
    }).done;
    expect(stats).toMatchObject({ posts: 4, retractions: 3, skipped: 0 });
    expect(data.map((d) => parseStreamRecord(d).kind)).toEqual([
      'post',
      'post',
      'post',
      'retraction',
      'retraction',
      'retraction',
      'post',
    ]);
  });

  describe('files of its own', () => {
    let dir: string;
    beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'recording-'))));
    afterEach(() => rmSync(dir, { recursive: true, force: true }));
    const file = (name: string, text: string): string => {
      const path = join(dir, name);
      writeFileSync(path, text);
      return path;
    };

    it('CSV rows whose ids are not tweet ids become posts in the replay: namespace', async () => {
      const path = file(
        'posts.csv',
        'post_id;text;language\nabc-1;Hello #world;en\nabc-2;Bonjour;fr\n',
      );
      const { posts } = await replay(path);
      expect(posts.map((p) => [p.id, p.source, p.lang])).toEqual([
        ['replay:abc-1', 'replay', 'en'],
        ['replay:abc-2', 'replay', 'fr'],
      ]);
      expect(posts[0]?.hashtags).toEqual([{ key: 'world', display: 'world' }]);
    });

    it('counts skipped lines per reason, with the first line of each', async () => {
      const good = '{"data":{"id":"1862493817204752591","text":"fine #ok"}}';
      const path = file(
        'mixed.jsonl',
        [
          good,
          '{"data":{"id":"1862493817204752592"}}',
          'not json at all',
          '',
          '{"data":{"id":"1862493817204752593"}}',
          '{"foo":1}',
          '{"data":{"id":"1862493817204752594","text":"x","created_at":"2024-02-30T10:00:00Z"}}',
          '{"data":{"id":"1862493817204752595","text":"y","created_at":"yesterday"}}',
          '[1,2]',
        ].join('\n'),
      );
      const { posts, stats } = await replay(path);
      expect(posts).toHaveLength(1);
      expect(stats.skipped).toBe(7);
      expect(skipSummary(stats)).toEqual([
        '  2 × x-v2: data.text is missing (first at line 2)',
        '  2 × x-v2: data.created_at "…" is not a valid date (first at line 7)',
        expect.stringMatching(/^ {2}1 × malformed JSON \(.*\) \(first at line 3\)$/),
        expect.stringMatching(/^ {2}1 × not a known format .* \(first at line 6\)$/),
        '  1 × expected a JSON object, got an array (first at line 9)',
      ]);
    });

    it('names the missing columns of a CSV header', async () => {
      const { posts, stats } = await replay(file('bad.csv', 'when,who,what\n1,2,3\n'));
      expect(posts).toEqual([]);
      expect(skipSummary(stats)).toEqual([
        '  1 × CSV: the header names no id and no text column (columns: when, who, what) (first at line 1)',
      ]);
    });

    it('a Reddit /comments/<id> answer: the post, its comments and their replies', async () => {
      const thing = (kind: string, id: string, extra: Record<string, unknown>) => ({
        kind,
        data: {
          id,
          name: `${kind}_${id}`,
          author: `user_${id}`,
          subreddit: 'aws',
          created_utc: 1732184512,
          ...extra,
        },
      });
      const listing = (...children: unknown[]) => ({
        kind: 'Listing',
        data: { after: null, before: null, children },
      });
      const reply = thing('t1', 'c2', { body: 'a reply to a reply #deep' });
      const top = thing('t1', 'c1', { body: 'top comment', replies: listing(reply) });
      const more = { kind: 'more', data: { count: 5, name: 't1_c3', children: ['c3'] } };
      const answer = [
        listing(thing('t3', 'p1', { title: 'A post', selftext: '' })),
        listing(top, more),
      ];
      const { posts, stats } = await replay(file('thread.json', JSON.stringify(answer)));
      expect(posts.map((p) => p.id)).toEqual(['reddit:t3_p1', 'reddit:t1_c1', 'reddit:t1_c2']);
      expect(posts[2]?.hashtags.map((h) => h.key)).toEqual(['r:aws', 'deep']);
      // The "more comments" stub carries no post.
      expect(stats).toMatchObject({ ignored: 1, skipped: 0 });
    });

    it('a broken archive file is one skipped entry, not a crash', async () => {
      const { stats } = await replay(file('tweets.js', 'window.YTD.tweets.part0 = [ {"tweet": '));
      expect(stats.skipped).toBe(1);
      expect(stats.reasons[0]?.reason).toMatch(/^not a readable X archive file/);
    });
  });
});

describe('parseTableDate', () => {
  it.each<[string, string | undefined]>([
    ['2024-11-29T14:14:28.000Z', '2024-11-29T14:14:28.000Z'],
    ['2015-02-24 11:35:52 -0800', '2015-02-24T19:35:52.000Z'],
    ['2024-11-29 14:14', '2024-11-29T14:14:00.000Z'],
    ['Thu Nov 21 10:20:40 +0000 2024', '2024-11-21T10:20:40.000Z'],
    ['1732184440', '2024-11-21T10:20:40.000Z'],
    ['1732184440123', '2024-11-21T10:20:40.123Z'],
    ['2024-02-30 10:00:00', undefined],
    ['last tuesday', undefined],
  ])('%s', (value, iso) => {
    const ms = parseTableDate(value);
    expect(ms === undefined ? undefined : new Date(ms).toISOString()).toBe(iso);
  });
});
