import {
  FirehoseClient,
  PutRecordBatchCommand,
  type PutRecordBatchCommandInput,
} from '@aws-sdk/client-firehose';
import { mockClient } from 'aws-sdk-client-mock';
import { archivePartition, archiveRecordOf, postJsonOf } from '../../../functions/domain/archive';
import { ARCHIVE_COLUMNS } from '../../../functions/domain/archive-schema';
import { postSchema } from '../../../functions/domain/post';
import type { EnrichedPost, PersistInput } from '../../../functions/domain/workflow';
import {
  archivePosts,
  batchesOf,
  encodeRecord,
  MAX_BATCH_BYTES,
} from '../../../functions/shared/archive-writer';
import { handler as persist } from '../../../functions/enrich/persist';
import { RETRY } from '../../../functions/shared/retry';
import persistInput from '../../../events/enrich/persist-input.json';
import { FakeDynamo, MAX_ITEM_BYTES } from './support/fake-dynamo';

/** Persist archives counted posts through Firehose, at least once, and never loses one. */

const firehose = mockClient(FirehoseClient);
const sample = persistInput as unknown as PersistInput;
const NOW = new Date('2026-11-22T14:08:00.000Z');

const post = (i: number, extra: Partial<EnrichedPost> = {}): EnrichedPost => ({
  id: `x:${i}`,
  source: 'x',
  text: `post ${i}`,
  createdAt: '2026-11-22T15:05:00+01:00',
  author: { id: `a${i}`, handle: `h${i}` },
  hashtags: [{ key: 'aws', display: 'AWS' }],
  cashtags: ['$AMZN'],
  place: {
    id: 'de:berlin',
    name: 'Berlin',
    country: 'Germany',
    countryCode: 'DE',
    lat: 52.5,
    lon: 13.4,
  },
  enrichStatus: 'OK',
  sentiment: 'POSITIVE',
  sentimentScore: { Positive: 0.9, Negative: 0.02, Neutral: 0.07, Mixed: 0.01 },
  ...extra,
});

/** The records of every PutRecordBatch call so far, decoded. */
const sent = (): Record<string, unknown>[][] =>
  firehose
    .commandCalls(PutRecordBatchCommand)
    .map((c) =>
      (c.args[0].input as PutRecordBatchCommandInput).Records!.map(
        (r) => JSON.parse(Buffer.from(r.Data!).toString('utf8')) as Record<string, unknown>,
      ),
    );

beforeAll(() => {
  RETRY.baseMs = 1;
});
beforeEach(() => {
  firehose.reset();
  process.env.ARCHIVE_STREAM = 'ArchiveStream-test';
});
afterAll(() => {
  delete process.env.ARCHIVE_STREAM;
});

describe('the archive record', () => {
  it('has exactly the Glue columns, in UTC, with the enrichment', () => {
    const r = archiveRecordOf(post(1), NOW);
    expect(Object.keys(r).sort()).toEqual(ARCHIVE_COLUMNS.map((c) => c.name).sort());
    expect(r).toMatchObject({
      id: 'x:1',
      created_at: '2026-11-22T14:05:00.000Z',
      sentiment: 'POSITIVE',
      sentiment_positive: 0.9,
      hashtags: ['aws'],
      cashtags: ['$AMZN'],
      country_code: 'DE',
      archived_at: NOW.toISOString(),
    });
    expect(archivePartition(r.created_at)).toEqual({ dt: '2026-11-22', hour: '14' });
  });

  it('keeps unknowns as null, never as a missing key', () => {
    const r = archiveRecordOf(
      post(2, {
        place: undefined,
        sentiment: undefined,
        sentimentScore: undefined,
        enrichStatus: 'UNSUPPORTED_LANGUAGE',
      }),
      NOW,
    );
    expect(r).toMatchObject({
      place_id: null,
      country_code: null,
      sentiment: null,
      sentiment_mixed: null,
      lang: null,
    });
  });

  it('goes back to Post JSON with its original id and time, without the enrichment', () => {
    const back = postJsonOf(archiveRecordOf({ ...post(3), id: 'demo:3', source: 'demo' }, NOW));
    expect(postSchema.parse(back)).toEqual(back);
    expect(back).toMatchObject({
      id: 'demo:3',
      createdAt: '2026-11-22T14:05:00.000Z',
      hashtags: [{ key: 'aws', display: 'aws' }],
    });
    expect(back.sentiment).toBeUndefined();
  });
});

describe('archivePosts', () => {
  it('sends nothing when the stack runs without the corpus (ARCHIVE_STREAM empty)', async () => {
    process.env.ARCHIVE_STREAM = '';
    expect(await archivePosts([post(1)], NOW)).toBe(0);
    expect(firehose.commandCalls(PutRecordBatchCommand)).toHaveLength(0);
  });

  it('splits into calls of at most 500 records and 4 MiB, one JSON line per record', async () => {
    firehose.on(PutRecordBatchCommand).resolves({ FailedPutCount: 0, RequestResponses: [] });
    const posts = Array.from({ length: 1203 }, (_, i) => post(i));
    expect(await archivePosts(posts, NOW)).toBe(1203);
    expect(sent().map((b) => b.length)).toEqual([500, 500, 203]);
    expect(
      sent()
        .flat()
        .map((r) => r.id),
    ).toEqual(posts.map((p) => p.id));
    const big = Array.from({ length: 30 }, () =>
      encodeRecord(archiveRecordOf(post(0, { text: 'x'.repeat(9_000) }), NOW)),
    );
    const huge = Array.from({ length: 600 }, () => big[0]!);
    for (const batch of batchesOf(huge)) {
      expect(batch.length).toBeLessThanOrEqual(500);
      expect(batch.reduce((n, r) => n + r.byteLength, 0)).toBeLessThanOrEqual(MAX_BATCH_BYTES);
    }
    expect(new TextDecoder().decode(big[0]).endsWith('}\n')).toBe(true);
  });

  it('sends the records Firehose failed again, and only those', async () => {
    firehose
      .on(PutRecordBatchCommand)
      .resolvesOnce({
        FailedPutCount: 2,
        RequestResponses: [
          { RecordId: 'r0' },
          { ErrorCode: 'ServiceUnavailableException', ErrorMessage: 'Slow down.' },
          { RecordId: 'r2' },
          { ErrorCode: 'InternalFailure', ErrorMessage: 'oops' },
        ],
      })
      .resolves({ FailedPutCount: 0, RequestResponses: [] });
    await archivePosts([post(0), post(1), post(2), post(3)], NOW);
    expect(sent().map((b) => b.map((r) => r.id))).toEqual([
      ['x:0', 'x:1', 'x:2', 'x:3'],
      ['x:1', 'x:3'],
    ]);
  });

  it('throws a name the Persist Retry matches when records keep failing', async () => {
    firehose.on(PutRecordBatchCommand).resolves({
      FailedPutCount: 1,
      RequestResponses: [{ ErrorCode: 'ServiceUnavailableException' }],
    });
    await expect(archivePosts([post(0)], NOW)).rejects.toMatchObject({
      name: 'ThrottlingException',
    });
    expect(firehose.commandCalls(PutRecordBatchCommand)).toHaveLength(RETRY.attempts + 1);
  });
});

describe('Persist and the archive', () => {
  const POSTS = 'PostsTable';
  const STATS = 'StatsTable';
  let db: FakeDynamo;

  beforeAll(() => {
    process.env.POSTS_TABLE = POSTS;
    process.env.STATS_TABLE = STATS;
  });
  // No post is stored before Persist: the transaction that counts a post puts its item.
  beforeEach(() => (db = new FakeDynamo()));
  afterEach(() => db.reset());

  it('archives every counted post, after counting it, with its sentiment', async () => {
    firehose.on(PutRecordBatchCommand).resolves({ FailedPutCount: 0, RequestResponses: [] });
    const out = await persist(sample);
    const archived = sent().flat();
    expect(archived.map((r) => r.id).sort()).toEqual(out.results.map((r) => r.id).sort());
    expect(archived.some((r) => r.sentiment !== null)).toBe(true);
  });

  it('archives posts an earlier attempt counted too (that attempt may have failed before archiving)', async () => {
    firehose.on(PutRecordBatchCommand).resolves({ FailedPutCount: 0, RequestResponses: [] });
    db.put(POSTS, { id: sample.posts[0]!.id, countedAt: '2026-11-22T14:07:40.000Z' });
    const out = await persist(sample);
    expect(out.results.find((r) => r.id === sample.posts[0]!.id)?.status).toBe('ALREADY_COUNTED');
    expect(
      sent()
        .flat()
        .map((r) => r.id),
    ).toContain(sample.posts[0]!.id);
  });

  it('fails when the archive refuses, so the rerun archives what this one could not, counting nothing twice', async () => {
    firehose
      .on(PutRecordBatchCommand)
      .rejectsOnce(Object.assign(new Error('down'), { name: 'ServiceUnavailableException' }));
    await expect(persist(sample)).rejects.toThrow('down');
    const countedOnce = structuredClone(db.items(STATS));
    firehose.on(PutRecordBatchCommand).resolves({ FailedPutCount: 0, RequestResponses: [] });
    const rerun = await persist(sample);
    expect(rerun.results.every((r) => r.status === 'ALREADY_COUNTED')).toBe(true);
    expect(db.items(STATS).filter((i) => i.pk === 'STATS')).toEqual(
      countedOnce.filter((i) => i.pk === 'STATS'),
    );
    expect(
      sent()
        .at(-1)!
        .map((r) => r.id)
        .sort(),
    ).toEqual(sample.posts.map((p) => p.id).sort());
  });

  it('does not archive posts whose counting failed', async () => {
    firehose.on(PutRecordBatchCommand).resolves({ FailedPutCount: 0, RequestResponses: [] });
    db.cancelNext('ItemCollectionSizeLimitExceeded');
    const out = await persist(sample);
    expect(out.results.every((r) => r.status === 'FAILED')).toBe(true);
    expect(sent().flat()).toEqual([]);
  });

  it('does not archive a post DynamoDB refused, and archives the others', async () => {
    firehose.on(PutRecordBatchCommand).resolves({ FailedPutCount: 0, RequestResponses: [] });
    const input = structuredClone(sample);
    const refused = input.posts[1]!.id;
    input.posts[1]!.textTail = 'x'.repeat(MAX_ITEM_BYTES);
    const out = await persist(input);
    expect(out.results.find((r) => r.id === refused)).toMatchObject({
      status: 'FAILED',
      refused: expect.stringContaining('Item size'),
    });
    const archived = sent()
      .flat()
      .map((r) => r.id);
    expect(archived.sort()).toEqual(
      sample.posts
        .map((p) => p.id)
        .filter((id) => id !== refused)
        .sort(),
    );
  });
});
