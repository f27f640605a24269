/**
 * The bad-input corpus through the whole local stack: every record put into Kinesis, among known
 * good posts. Each "stored" record must be in PostsTable and counted, each "dlq" record in the
 * dead-letter queue with its reason; no function crash, no batch given up on, and good posts
 * sent afterwards on every shard are still counted (no stalled shard). The API keeps answering
 * well-formed JSON about the nasty posts.
 */
import { ListShardsCommand } from '@aws-sdk/client-kinesis';
import { DynamoDBDocumentClient, GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { StoredPost } from '../../functions/domain/post';
import { createDynamoDbClient } from '../../local/services/dynamodb';
import type { LocalStack } from '../../local/stack';
import { createKinesisClient } from '../../functions/shared/aws/kinesis';
import { createKinesisWriter } from '../../functions/social/kinesis/writer';
import { loadCorpus, sha256, type CorpusRecord } from '../fixtures/bad-input/corpus';
import { knownPostSpecs, renderRecord, type PostSpec } from './support/known-posts';
import { deadLetters, pollUntil, putRecords, startTestStack, stats } from './support/stack';

// A stack takes ~15 s to start; the corpus adds a few hundred posts to enrich on two cores.
jest.setTimeout(600_000);

const corpus = loadCorpus();
const storedRecords = corpus.filter((r) => r.expect === 'stored');
const dlqRecords = corpus.filter((r) => r.expect === 'dlq');
const runId = String((Date.now() % 1_000_000_000) + 3);
const pk = (i: number): string => `bad-${i}`;
const toRecord = (spec: PostSpec) => ({ partitionKey: spec.postId, data: renderRecord(spec) });

let stack: LocalStack;
let good: PostSpec[];

/** Puts one good post on every shard, by explicit hash key: each shard must still flow. */
async function putOnEveryShard(specs: readonly PostSpec[]): Promise<number> {
  const stream = Object.values(stack.resources.streams)[0];
  if (!stream) throw new Error('template.yaml defines no Kinesis stream');
  const client = createKinesisClient({ endpoint: stack.endpoints.kinesis });
  try {
    const { Shards = [] } = await client.send(new ListShardsCommand({ StreamName: stream.name }));
    const writer = createKinesisWriter({ client, streamName: stream.name });
    for (const [i, shard] of Shards.entries()) {
      const spec = specs[i];
      if (!spec) throw new Error(`need a good post for each of ${Shards.length} shards`);
      await writer.put({ ...toRecord(spec), explicitHashKey: shard.HashKeyRange?.StartingHashKey });
    }
    await writer.close();
    expect(writer.stats().failed).toBe(0);
    return Shards.length;
  } finally {
    client.destroy();
  }
}

beforeAll(async () => {
  stack = await startTestStack();
  good = knownPostSpecs(new Date(), runId);
  // One good post after every dozen corpus records, so bad and good share batches.
  const records: { partitionKey: string; data: Uint8Array | object }[] = [];
  const pending = [...good];
  corpus.forEach((r, i) => {
    records.push({ partitionKey: pk(i), data: r.raw });
    const g = i % 12 === 11 ? pending.shift() : undefined;
    if (g) records.push(toRecord(g));
  });
  for (const g of pending) records.push(toRecord(g));
  await putRecords(stack, records);
});

afterAll(async () => {
  await stack?.stop();
});

describe('the bad-input corpus through the local stack', () => {
  it('stores and counts every valid record, and good posts sent afterwards on every shard', async () => {
    const expected = good.length + storedRecords.length;
    const first = await pollUntil(
      () => stats(stack),
      (s) => s.posts >= expected,
      360_000,
    );
    // On a mismatch, name the posts that are stored but not counted.
    const table = await scanPosts();
    const ids = new Set(table.map((i) => i.id));
    const sent = [...good.map((g) => g.postId), ...storedRecords.map((r) => r.post?.id ?? '')];
    expect({
      posts: first.posts,
      inTable: table.length,
      notStored: sent.filter((id) => !ids.has(id)),
      uncounted: table.filter((i) => typeof i.countedAt !== 'string').map((i) => i.id),
    }).toEqual({ posts: expected, inTable: expected, notStored: [], uncounted: [] });

    const after = knownPostSpecs(new Date(), `${runId}5`).map((s, i): PostSpec => ({
      ...s,
      format: 'post',
      postId: `post:itest-after-bad-${runId}-${i}`,
    }));
    const shards = await putOnEveryShard(after);
    const last = await pollUntil(
      () => stats(stack),
      (s) => s.posts >= expected + shards,
      120_000,
    );
    expect(last.posts).toBe(expected + shards);
    expect(last.failed).toBe(0);
  });

  it('holds each stored record in PostsTable as specified, marked as counted', async () => {
    const table = stack.resources.tables.PostsTable?.name;
    if (!table) throw new Error('template.yaml defines no PostsTable');
    const doc = DynamoDBDocumentClient.from(createDynamoDbClient(stack.endpoints.dynamodb));
    const wrong: string[] = [];
    try {
      for (const r of storedRecords) {
        const want = r.post;
        if (!want) throw new Error(`${r.name}: no expected post`);
        const { Item } = await doc.send(new GetCommand({ TableName: table, Key: { id: want.id } }));
        const item = Item as StoredPost | undefined;
        const problems = item ? differences(r, item) : ['missing'];
        if (problems.length > 0) wrong.push(`${r.name}: ${problems.join('; ')}`);
      }
    } finally {
      doc.destroy();
    }
    expect(wrong).toEqual([]);
  });

  it('dead-letters every rejected record with its reason, and nothing else', async () => {
    const letters = await pollUntil(
      () => deadLetters(stack),
      (m) => m.length >= dlqRecords.length,
    );
    // A message without a partitionKey would be a batch the event source mapping gave up on.
    expect(letters.filter((m) => typeof m.body.partitionKey !== 'string')).toEqual([]);
    const byKey = new Map(letters.map((m) => [m.body.partitionKey, m.body]));
    const wrong: string[] = [];
    corpus.forEach((r, i) => {
      const body = byKey.get(pk(i));
      if (r.expect === 'stored') {
        if (body) wrong.push(`${r.name}: dead-lettered (${String(body.reason)})`);
        return;
      }
      if (!body) wrong.push(`${r.name}: not in the dead-letter queue`);
      else if (body.code !== r.code || !String(body.reason).includes(r.reason ?? '')) {
        wrong.push(`${r.name}: ${String(body.code)} ${String(body.reason)}`);
      }
    });
    expect(wrong).toEqual([]);
    expect(letters).toHaveLength(dlqRecords.length);
    expect((await stats(stack)).deadLetters).toBe(dlqRecords.length);
  });

  it('ran without a function crash or a batch given up on', () => {
    const { eventSources } = stack.counters();
    for (const mapping of ['IngestFunction.Posts']) {
      const s = eventSources[mapping];
      expect({ mapping, errors: s?.functionErrors, gaveUp: s?.sentToDestination }).toEqual({
        mapping,
        errors: 0,
        gaveUp: 0,
      });
    }
  });

  it('answers well-formed JSON about the nasty posts, and finds them by their tags', async () => {
    const tagged = (key: string) =>
      storedRecords.filter((r) => r.post?.hashtags.includes(key)).map((r) => r.post?.id);
    const nastyKeys = ['<b>bold</b>', "x'--", 'tag#all', '\uFFFDtag', 'مرحبا', 'i\u0307stanbul'];
    for (const key of nastyKeys) {
      expect(tagged(key).length).toBeGreaterThan(0);
      const body = await getJson<{ items: { id: string; text: string; createdAt: string }[] }>(
        `/posts?tag=${encodeURIComponent(key)}&limit=100`,
      );
      // A batch of the corpus is large enough that its feeds are a sample (domain/feed.ts,
      // chooseFeeds): the tag's own posts only, its newest first, newest first.
      const ids = body.items.map((p) => p.id);
      expect(ids.length).toBeGreaterThan(0);
      expect(tagged(key)).toEqual(expect.arrayContaining(ids));
      const newest = storedRecords
        .filter((r) => r.post?.hashtags.includes(key))
        .map((r) => new Date(r.post?.createdAt ?? 0).toISOString())
        .sort()
        .at(-1);
      expect(body.items[0]?.createdAt).toBe(newest);
      const times = body.items.map((p) => p.createdAt);
      expect(times).toEqual([...times].sort().reverse());
      const timeline = await getJson<{ tag: string }>(
        `/hashtags/${encodeURIComponent(key)}/timeline?granularity=day`,
      );
      expect(timeline.tag).toBe(key);
    }
    const html = storedRecords.find((r) => r.name === 'post/stored/html-script');
    const feed = await getJson<{ items: { id: string; text: string }[] }>('/posts?limit=100');
    expect(feed.items.length).toBeGreaterThan(0);
    const tags = await getJson<{ items: { tag: string }[] }>('/hashtags?window=all&limit=100');
    expect(tags.items.map((t) => t.tag)).toEqual(expect.arrayContaining(['<b>bold</b>']));
    await getJson('/locations?window=all&limit=100');
    await getJson('/stats');
    // Text goes out exactly as stored: JSON-escaped by the serializer, never HTML-rewritten.
    const xss = await getJson<{ items: { id: string; text: string }[] }>(
      `/posts?tag=xss&limit=100`,
    );
    expect(xss.items.length).toBeGreaterThan(0);
    for (const item of xss.items) {
      const stored = storedRecords.find((r) => r.post?.id === item.id)?.post;
      expect(item.text).toBe(stored?.text);
    }
    expect(xss.items.map((p) => p.text)).toContain(html?.post?.text);
  });
});

/** Every post in PostsTable (id and counted marker). */
async function scanPosts(): Promise<{ id: string; countedAt?: string }[]> {
  const table = stack.resources.tables.PostsTable?.name;
  if (!table) throw new Error('template.yaml defines no PostsTable');
  const doc = DynamoDBDocumentClient.from(createDynamoDbClient(stack.endpoints.dynamodb));
  try {
    const out: { id: string; countedAt?: string }[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await doc.send(
        new ScanCommand({
          TableName: table,
          ProjectionExpression: 'id, countedAt',
          ExclusiveStartKey: start,
        }),
      );
      for (const i of page.Items ?? []) out.push(i as { id: string; countedAt?: string });
      start = page.LastEvaluatedKey;
    } while (start);
    return out;
  } finally {
    doc.destroy();
  }
}

/** GET /api<path>: 200, a JSON content type, and a body that parses. */
async function getJson<T = unknown>(path: string): Promise<T> {
  const res = await fetch(`${stack.url}/api${path}`);
  const text = await res.text();
  expect({ path, status: res.status }).toEqual({ path, status: 200 });
  expect(res.headers.get('content-type')).toMatch(/^application\/json\b/);
  return JSON.parse(text) as T;
}

function differences(r: CorpusRecord, item: StoredPost): string[] {
  const want = r.post;
  if (!want) return ['no expectation'];
  const out: string[] = [];
  const check = (what: string, got: unknown, exp: unknown) => {
    if (JSON.stringify(got) !== JSON.stringify(exp)) {
      out.push(
        `${what}: ${JSON.stringify(got)?.slice(0, 80)} != ${JSON.stringify(exp)?.slice(0, 80)}`,
      );
    }
  };
  if (want.text !== undefined) check('text', item.text, want.text);
  else check('text sha256', sha256(item.text), want.textSha256);
  check(
    'hashtags',
    item.hashtags.map((h) => h.key),
    want.hashtags,
  );
  if (want.displays)
    check(
      'displays',
      item.hashtags.map((h) => h.display),
      want.displays,
    );
  check('cashtags', item.cashtags, want.cashtags);
  check('source', item.source, want.source);
  check('createdAt', item.createdAt, want.createdAt);
  check('author', item.author?.id, want.authorId);
  check('place', item.place?.id ?? null, want.place?.id ?? null);
  if (want.place) check('place name', item.place?.name, want.place.name);
  if (want.url !== undefined) check('url', item.url ?? null, want.url);
  if (typeof item.countedAt !== 'string') out.push('not counted (no countedAt)');
  return out;
}
