import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync, zstdCompressSync } from 'node:zlib';
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
    ['bluesky-feed.json', 3],
    ['bluesky-search.jsonl', 3],
    ['snscrape.jsonl', 2],
    ['semeval.tsv', 3],
    ['plain-text.txt', 3],
    ['reddit-dump.jsonl', 2],
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

  it('a saved Bluesky feed page: each post once, by handle, without the reply context', async () => {
    const { posts } = await replay(join(FORMATS, 'bluesky-feed.json'));
    // The repost and the pin name a post the page already holds; `reply` holds its parent again.
    expect(posts.map((p) => [p.author?.handle, p.hashtags.map((h) => h.display)])).toEqual([
      ['bnewbold.net', ['atproto', 'bluesky']],
      ['why.bsky.team', ['BlueskyFeeds']],
      ['bnewbold.net', ['opensource']],
    ]);
    expect(posts[2]?.isReply).toBe(true);
  });

  it('saved Bluesky searchPosts pages, one per line: every post of every page', async () => {
    const { posts } = await replay(join(FORMATS, 'bluesky-search.jsonl'));
    expect(posts.map((p) => [p.author?.handle, p.lang])).toEqual([
      ['jay.bsky.team', 'en'],
      ['why.bsky.team', 'es'],
      ['bnewbold.net', 'de'],
    ]);
  });

  it('snscrape tweets: the exact id from the url, the author, the place and the reply', async () => {
    const { posts } = await replay(join(FORMATS, 'snscrape.jsonl'));
    // The first id is beyond 2^53 as a JSON number; the author id too, so it is left out.
    expect(posts.map(brief)).toEqual([
      {
        id: 'x:1598347896435412993',
        author: { handle: 'qatar2022fan', name: 'Fan ⚽' },
        tags: ['FIFAWorldCup', 'CRO'],
        cashtags: [],
      },
      {
        id: 'x:1598348120004399104',
        author: { id: '2811234567', handle: 'marta_es', name: 'Marta' },
        tags: ['FIFAWorldCup'],
        cashtags: [],
      },
    ]);
    expect(posts[0]).toMatchObject({
      createdAt: '2022-12-01T16:04:12.000Z',
      place: { countryCode: 'QA', lat: 25.28, lon: 51.49 },
    });
    expect(posts[1]).toMatchObject({ isReply: true, lang: 'es' });
  });

  it('Reddit dumps: bare submissions and comments, with Reddit fields as dumps write them', async () => {
    const { posts, stats } = await replay(join(FORMATS, 'reddit-dump.jsonl'));
    expect(posts.map((p) => [p.id, p.author?.handle, p.createdAt])).toEqual([
      ['reddit:t3_1889xyz', 'cloud_ops_kim', '2023-12-01T14:00:00.000Z'],
      // created_utc written as a string of digits.
      ['reddit:t1_kbq2w3e', 'jdoe_dev', '2023-12-01T14:30:00.000Z'],
    ]);
    expect(stats).toMatchObject({ skipped: 0, ignored: 0 });
  });

  it('a TSV without a header (SemEval: id, label, text, a trailing tab): the tweets', async () => {
    const { posts } = await replay(join(FORMATS, 'semeval.tsv'));
    expect(posts.map((p) => [p.id, p.text.slice(0, 20), p.hashtags.map((h) => h.display)])).toEqual(
      [
        ['x:801234567890123456', 'Loving the new #AWSL', ['AWSLambda']],
        ['x:801234567890123457', '@airline lost my bag', ['fail']],
        ['x:801234567890123458', '"Keynote starts at 9', ['reInvent']],
      ],
    );
  });

  it('plain text, one post per line: ids from the file name and line, the same every time', async () => {
    const { posts } = await replay(join(FORMATS, 'plain-text.txt'));
    expect(posts.map((p) => [p.id, p.source, p.lang])).toEqual([
      ['replay:plain-text-1', 'replay', undefined],
      ['replay:plain-text-2', 'replay', undefined],
      ['replay:plain-text-4', 'replay', undefined],
    ]);
    expect(posts[2]?.hashtags.map((h) => h.display)).toEqual(['LaLiga']);
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

    it('one JSON answer over many lines (pretty-printed) is one record, split as a page', async () => {
      const page = {
        data: [
          { id: '1862493817204752591', text: 'one #a', author_id: '5' },
          { id: '1862493817204752592', text: 'two #b', author_id: '5' },
        ],
        includes: { users: [{ id: '5', username: 'five', name: 'Five' }] },
      };
      const { posts, stats } = await replay(file('page.json', JSON.stringify(page, null, 2)));
      expect(stats).toMatchObject({ skipped: 0, posts: 2 });
      expect(posts.map((p) => [p.id, p.author?.handle])).toEqual([
        ['x:1862493817204752591', 'five'],
        ['x:1862493817204752592', 'five'],
      ]);
    });

    it('Bluesky feed items one per line: the post of each', async () => {
      const { feed } = JSON.parse(readFileSync(join(FORMATS, 'bluesky-feed.json'), 'utf8')) as {
        feed: unknown[];
      };
      const lines = [feed[0], feed[2]].map((item) => JSON.stringify(item)).join('\n');
      const { posts, stats } = await replay(file('feed.jsonl', lines));
      expect(stats).toMatchObject({ skipped: 0, posts: 2 });
      expect(posts.map((p) => p.hashtags[0]?.display)).toEqual(['atproto', 'opensource']);
    });

    it('JSON lines whose first line is broken are still read line by line', async () => {
      const good = '{"data":{"id":"1862493817204752591","text":"fine #ok"}}';
      const { posts, stats } = await replay(file('lines.jsonl', `{"data": {"id"\n${good}\n`));
      expect(posts).toHaveLength(1);
      expect(stats.skipped).toBe(1);
    });

    it('a CSV without a header (Sentiment140: target, id, date, flag, user, text)', async () => {
      const rows = [
        '"0","1467810369","Mon Apr 06 22:19:45 +0000 2009","NO_QUERY","_TheSpecialOne_","@switchfoot awww, that\'s a bummer #sad"',
        '"4","1467822272","Mon Apr 06 22:22:45 +0000 2009","NO_QUERY","ersle","I LOVE @Health4UandPets u guys r the best!! "',
      ];
      const { posts, stats } = await replay(file('training.1600000.csv', rows.join('\n')));
      expect(stats).toMatchObject({ skipped: 0, posts: 2 });
      expect(posts.map((p) => [p.id, p.createdAt, p.hashtags.map((h) => h.key)])).toEqual([
        ['x:1467810369', '2009-04-06T22:19:45.000Z', ['sad']],
        ['x:1467822272', '2009-04-06T22:22:45.000Z', []],
      ]);
    });

    it('reads recordings compressed with gzip or zstd, whatever their names', async () => {
      const lines = readFileSync(join(FORMATS, 'twarc2-search.jsonl'));
      const gz = file('search.jsonl.gz', '');
      writeFileSync(gz, gzipSync(lines));
      const zst = file('RS_2024-11.zst', '');
      writeFileSync(zst, zstdCompressSync(readFileSync(join(FORMATS, 'reddit-dump.jsonl'))));
      const txt = file('posts.txt.gz', '');
      writeFileSync(txt, gzipSync(readFileSync(join(FORMATS, 'plain-text.txt'))));
      expect((await replay(gz)).posts.map((p) => p.id)).toEqual(
        (await replay(join(FORMATS, 'twarc2-search.jsonl'))).posts.map((p) => p.id),
      );
      expect((await replay(zst)).posts.map((p) => p.id)).toEqual([
        'reddit:t3_1889xyz',
        'reddit:t1_kbq2w3e',
      ]);
      // Still a .txt under its .gz: plain text, ids from the name without either suffix.
      expect((await replay(txt)).posts.map((p) => p.id)).toEqual([
        'replay:posts-1',
        'replay:posts-2',
        'replay:posts-4',
      ]);
    });

    it('reads text saved as UTF-16 (a spreadsheet\'s "Unicode text"), either byte order', async () => {
      const table = 'tweet_id\ttext\n1862493817204752591\tHallo #Welt, café 👍\n';
      const le = file('le.tsv', '');
      writeFileSync(le, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(table, 'utf16le')]));
      const be = file('be.tsv', '');
      const swapped = Buffer.from(table, 'utf16le').swap16();
      writeFileSync(be, Buffer.concat([Buffer.from([0xfe, 0xff]), swapped]));
      for (const path of [le, be]) {
        const { posts, stats } = await replay(path);
        expect(stats.skipped).toBe(0);
        expect(posts.map((p) => [p.id, p.text])).toEqual([
          ['x:1862493817204752591', 'Hallo #Welt, café 👍'],
        ]);
      }
    });

    it("reads Latin-1 text (Sentiment140's CSV) and keeps UTF-8 cut across chunks whole", async () => {
      const row =
        '"4","1467822272","Mon Apr 06 22:22:45 +0000 2009","NO_QUERY","ersle","Café très bon #paris"\n';
      const latin = file('latin1.csv', '');
      writeFileSync(latin, Buffer.from(row, 'latin1'));
      expect((await replay(latin)).posts.map((p) => p.text)).toEqual(['Café très bon #paris']);
      // 5,000 rows of UTF-8 (about 200 KB, read in 64 KB chunks): chunk boundaries fall inside multi-byte characters.
      const utf8 = file('utf8.tsv', '');
      const rows = Array.from(
        { length: 5_000 },
        (_, i) => `${1862493817204752591n + BigInt(i)}\tné ✓ 👍 #été`,
      );
      writeFileSync(utf8, `tweet_id\ttext\n${rows.join('\n')}\n`);
      const { posts, stats } = await replay(utf8);
      expect(stats.skipped).toBe(0);
      expect(posts.every((p) => p.text === 'né ✓ 👍 #été')).toBe(true);
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
