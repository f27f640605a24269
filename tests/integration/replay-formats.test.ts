/**
 * Recordings as people have them, through the whole local stack: every fixture format of
 * tests/fixtures/formats/ is replayed (fresh ids and dates, as `npm run produce -- --source
 * replay` does by default), nothing is skipped, and every post is stored and counted once, with
 * the author the recording named (or none).
 */
import { join } from 'node:path';
import type { LocalStack } from '../../local/stack';
import { findRepoRoot } from '../../local/paths';
import { startReplay } from '../../sources/replay/replay';
import type { KinesisRecord } from '../../tests/support/stack-io';
import { api, putRecords, startTestStack, stats, waitForPosts } from './support/stack';

jest.setTimeout(180_000);

const FILES = [
  'x-v2-default-fields.jsonl',
  'twarc2-search.jsonl',
  'twarc2-flat.jsonl',
  'x-archive/tweets.js',
  'bluesky-posts.jsonl',
  'bluesky-feed.json',
  'bluesky-search.jsonl',
  'snscrape.jsonl',
  'reddit-dump.jsonl',
  'semeval.tsv',
  'plain-text.txt',
  'tweets.csv',
  'labelled.tsv',
  'airline-sentiment.csv',
];

interface FeedPost {
  id: string;
  text: string;
  author?: { id?: string; handle?: string; name?: string };
}

let stack: LocalStack;
const records: KinesisRecord[] = [];
const skipped: Record<string, number> = {};

beforeAll(async () => {
  stack = await startTestStack();
  for (const name of FILES) {
    const replay = startReplay({
      file: join(findRepoRoot(), 'tests', 'fixtures', 'formats', name),
      sink: (record) => {
        records.push(record);
        return Promise.resolve();
      },
    });
    skipped[name] = (await replay.done).skipped;
  }
  await putRecords(stack, records);
  await waitForPosts(stack, records.length);
});

afterAll(async () => {
  await stack?.stop();
});

describe('replayed recordings through the local stack', () => {
  it('skips nothing and counts every post once', async () => {
    expect(Object.values(skipped).every((n) => n === 0)).toBe(true);
    expect(records).toHaveLength(39);
    expect((await stats(stack)).posts).toBe(records.length);
  });

  it('shows each post with the author its recording named, or none', async () => {
    const { items } = await api<{ items: FeedPost[] }>(stack, '/posts?limit=100');
    const byText = new Map(items.map((p) => [p.text, p.author]));
    expect(byText.get('Starter packs are here #bluesky')).toEqual({
      id: 'did:plc:z72i7hdynmk6r22z27h6tvur',
      handle: 'bsky.app',
      name: 'Bluesky',
    });
    expect(byText.get('#reInvent keynote moved $AMZN a bit today')).toMatchObject({
      handle: 'mkt_watch',
    });
    expect(byText.get('@VirginAmerica What @dhepburn said. #travel')).toEqual({
      handle: 'cairdin',
    });
    expect(byText.has('Lambda cold starts are finally a non-issue for us #AWSLambda')).toBe(true);
    expect(
      byText.get('Lambda cold starts are finally a non-issue for us #AWSLambda'),
    ).toBeUndefined();
  });

  it('counts the hashtags of every format', async () => {
    const { items } = await api<{ items: { tag: string; mentions: number }[] }>(
      stack,
      '/hashtags?window=all&limit=100',
    );
    const mentions = Object.fromEntries(items.map((h) => [h.tag, h.mentions]));
    // twarc2 search (2) + flat (1) + the X v2 default fields (1) + tweets.csv (2) + semeval.tsv (1).
    expect(mentions.reinvent).toBe(7);
    expect(mentions.vivatech).toBe(1);
    // bluesky-posts (2) + the saved feed page (1).
    expect(mentions.atproto).toBe(3);
    // The feed page's repost and pin of a post it holds count it once.
    expect(mentions.blueskyfeeds).toBe(1);
    // snscrape, a Reddit dump, plain text: each format's tags.
    expect(mentions.fifaworldcup).toBe(2);
    expect(mentions.awslambda).toBeGreaterThanOrEqual(2);
    expect(mentions.laliga).toBe(1);
  });
});
