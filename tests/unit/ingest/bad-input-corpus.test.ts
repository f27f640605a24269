/**
 * Every record of the bad-input corpus (tests/fixtures/bad-input/corpus.jsonl) through the ingest
 * handler: handed to the enrichment workflow (which stores and counts it) with exactly the
 * expected fields, or dead-lettered with its code and reason; never a throw, never a batch item
 * failure (which would stall the shard on retries).
 */
import { SFNClient, StartSyncExecutionCommand } from '@aws-sdk/client-sfn';
import {
  SendMessageBatchCommand,
  SQSClient,
  type SendMessageBatchRequestEntry,
} from '@aws-sdk/client-sqs';
import { BatchGetCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { KinesisStreamBatchResponse, KinesisStreamEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import {
  workflowInputSchema,
  type PostResult,
  type WorkPost,
} from '../../../functions/domain/workflow';
import type { DeadLetterBody } from '../../../functions/ingest/dead-letter';
import { loadCorpus, sha256, type CorpusRecord } from '../../fixtures/bad-input/corpus';
import { kinesisRecord } from './kinesis';

const POSTS_TABLE = 'PostsTable-test';
const DLQ_URL = 'https://sqs.us-east-1.amazonaws.com/000000000000/dlq';
const corpus = loadCorpus();

const ddb = mockClient(DynamoDBDocumentClient);
const sqs = mockClient(SQSClient);
const sfn = mockClient(SFNClient);
let handler: (event: KinesisStreamEvent) => Promise<KinesisStreamBatchResponse>;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** What DynamoDB itself refuses, so the fake workflow fails to store where the real one would. */
function dynamoProblem(item: Record<string, unknown>): string | undefined {
  let problem: string | undefined;
  const walk = (v: unknown): void => {
    if (typeof v === 'number') {
      const a = Math.abs(v);
      if (a !== 0 && (a < 1e-130 || a >= 1e126)) problem = `number ${v} out of range`;
    } else if (typeof v === 'string') {
      if (LONE_SURROGATE.test(v)) problem = 'string is not valid UTF-8';
    } else if (Array.isArray(v)) v.forEach(walk);
    else if (v !== null && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(item);
  if (Buffer.byteLength(JSON.stringify(item)) > 400 * 1024) problem = 'item size over 400 KB';
  if (typeof item.id !== 'string' || Buffer.byteLength(item.id) > 2048) problem = 'bad key';
  return problem;
}

/** Why the fake workflow's Persist step cannot store a post (DynamoDB refused its item). */
let refuse: (post: WorkPost) => string | undefined;
/** The posts the fake workflow stored and counted, by id. */
let counted: Map<string, WorkPost>;

/**
 * The enrichment workflow: its input checked as Prepare checks it, then each post counted, or
 * reported refused with DynamoDB's reason as Persist reports it.
 */
function runWorkflow(command: { input: string }) {
  const parsed = workflowInputSchema.safeParse(JSON.parse(command.input));
  if (!parsed.success) return { status: 'FAILED', error: 'States.TaskFailed' };
  const results = parsed.data.posts.map((post): PostResult => {
    const why = refuse(post);
    if (why) {
      return {
        ...{ id: post.id, ok: false, status: 'FAILED' },
        refused: `DynamoDB refused the post: ${why}`,
      };
    }
    counted.set(post.id, post);
    return { id: post.id, ok: true, status: 'COUNTED' };
  });
  return { status: 'SUCCEEDED', output: JSON.stringify({ results }) };
}

beforeAll(async () => {
  process.env.POSTS_TABLE = POSTS_TABLE;
  process.env.STATS_TABLE = 'StatsTable-test';
  process.env.DLQ_URL = DLQ_URL;
  process.env.STATE_MACHINE_ARN =
    'arn:aws:states:us-east-1:000000000000:stateMachine:EnrichStateMachine';
  ({ handler } = await import('../../../functions/ingest/ingest'));
});

beforeEach(() => {
  ddb.reset();
  sqs.reset();
  sfn.reset();
  refuse = dynamoProblem;
  counted = new Map();
  ddb.on(BatchGetCommand).resolves({ Responses: { [POSTS_TABLE]: [] } });
  sfn.on(StartSyncExecutionCommand).callsFake(runWorkflow);
  sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
});

const dlqEntries = (): SendMessageBatchRequestEntry[] =>
  sqs.commandCalls(SendMessageBatchCommand).flatMap((c) => c.args[0].input.Entries ?? []);

function expectStoredAsSpecified(rec: CorpusRecord, item: WorkPost | undefined): void {
  const want = rec.post;
  if (!want) throw new Error(`${rec.name}: no expected post`);
  expect(item).toBeDefined();
  if (!item) return;
  expect({
    id: item.id,
    source: item.source,
    createdAt: item.createdAt,
    hashtags: item.hashtags.map((h) => h.key),
    cashtags: item.cashtags,
    lang: item.lang ?? null,
    authorId: item.author?.id,
    isRetweet: item.isRetweet,
    isReply: item.isReply,
  }).toEqual({
    id: want.id,
    source: want.source,
    createdAt: want.createdAt,
    hashtags: want.hashtags,
    cashtags: want.cashtags,
    lang: want.lang,
    authorId: want.authorId,
    isRetweet: want.isRetweet,
    isReply: want.isReply,
  });
  if (want.text !== undefined) expect(item.text).toBe(want.text);
  else {
    expect(item.text).toHaveLength(want.textLength ?? -1);
    expect(sha256(item.text)).toBe(want.textSha256);
  }
  if (want.displays) expect(item.hashtags.map((h) => h.display)).toEqual(want.displays);
  if (want.place === null) expect(item.place).toBeUndefined();
  else expect(item.place).toMatchObject(want.place);
  if (want.url === null) expect(item.url).toBeUndefined();
  else if (want.url !== undefined) expect(item.url).toBe(want.url);
  expect(item.sentiment).toBeUndefined();
  // Whatever came in, what goes to DynamoDB and Comprehend is well-formed Unicode.
  expect(JSON.stringify(item)).not.toMatch(/\\ud[89a-f][0-9a-f]{2}/i);
}

function expectDeadLettered(rec: CorpusRecord, entry: SendMessageBatchRequestEntry | undefined) {
  expect(entry).toBeDefined();
  if (!entry) return;
  expect(entry.MessageAttributes?.code?.StringValue).toBe(rec.code);
  expect(entry.MessageAttributes?.reason?.StringValue).toContain(rec.reason);
  const body = JSON.parse(entry.MessageBody ?? '') as DeadLetterBody;
  expect(body).toMatchObject({ kind: 'rejected-record', code: rec.code });
  expect(body.reason).toContain(rec.reason);
  // The record itself travels with its reason: whole, or its first ~200 KB when too large.
  const data = Buffer.from(body.data, body.dataEncoding === 'base64' ? 'base64' : 'utf8');
  if (body.truncated) {
    expect(data.length).toBeGreaterThan(100_000);
    expect(rec.raw.subarray(0, data.length).equals(data)).toBe(true);
  } else {
    expect(data.equals(rec.raw)).toBe(true);
  }
  expect(Buffer.byteLength(entry.MessageBody ?? '')).toBeLessThanOrEqual(256 * 1024);
}

describe('the bad-input corpus', () => {
  it('has at least 200 records, a good share to be stored, every format both ways', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(200);
    const stored = corpus.filter((r) => r.expect === 'stored');
    expect(stored.length).toBeGreaterThanOrEqual(80);
    expect(new Set(corpus.map((r) => r.name)).size).toBe(corpus.length);
    expect(new Set(stored.map((r) => r.post?.id)).size).toBe(stored.length);
    for (const format of ['x-v1', 'x-v2', 'bsky-jetstream', 'reddit', 'post'] as const) {
      const of = corpus.filter((r) => r.format === format);
      expect(of.filter((r) => r.expect === 'stored').length).toBeGreaterThanOrEqual(20);
      expect(of.filter((r) => r.expect === 'dlq').length).toBeGreaterThanOrEqual(20);
    }
    for (const r of corpus.filter((x) => x.expect === 'dlq')) {
      expect([r.name, typeof r.code, typeof r.reason]).toEqual([r.name, 'string', 'string']);
    }
    // Up to Kinesis's own limit: 1 MiB including the partition key.
    expect(Math.max(...corpus.map((r) => r.raw.length))).toBeGreaterThanOrEqual(1_000_000);
    expect(Math.max(...corpus.map((r) => r.raw.length))).toBeLessThanOrEqual(1024 * 1024 - 16);
  });

  it.each(corpus.map((r) => [r.name, r] as const))('%s', async (_name, rec) => {
    const record = kinesisRecord(rec.raw, 1, `bad-${rec.name}`);
    const res = await handler({ Records: [record] });
    expect(res.batchItemFailures).toEqual([]);
    const letters = dlqEntries();
    if (rec.expect === 'stored') {
      expect(letters.map((e) => e.MessageAttributes?.reason?.StringValue)).toEqual([]);
      expect(counted.size).toBe(1);
      expectStoredAsSpecified(rec, counted.get(rec.post?.id ?? ''));
      expect(counted.get(rec.post?.id ?? '')?.ingestedBy).toBe(record.eventID);
    } else {
      expect([...counted.keys()]).toEqual([]);
      expect(letters).toHaveLength(1);
      expectDeadLettered(rec, letters[0]);
    }
  });

  it('handles the whole corpus as one batch: each record once, nothing retried', async () => {
    const event = { Records: corpus.map((r, i) => kinesisRecord(r.raw, i, `bad-${i}`)) };
    const res = await handler(event);
    expect(res.batchItemFailures).toEqual([]);

    const want = corpus.filter((r) => r.expect === 'stored');
    expect([...counted.keys()].sort()).toEqual(want.map((r) => r.post?.id ?? '').sort());
    for (const r of want) expectStoredAsSpecified(r, counted.get(r.post?.id ?? ''));

    const letters = dlqEntries();
    const byKey = new Map(
      letters.map((e) => [(JSON.parse(e.MessageBody ?? '{}') as DeadLetterBody).partitionKey, e]),
    );
    expect(letters).toHaveLength(corpus.length - want.length);
    corpus.forEach((r, i) => {
      if (r.expect === 'dlq') expectDeadLettered(r, byKey.get(`bad-${i}`));
    });
    for (const call of sqs.commandCalls(SendMessageBatchCommand)) {
      const entries = call.args[0].input.Entries ?? [];
      expect(entries.length).toBeLessThanOrEqual(10);
      const bytes = entries.reduce((n, e) => n + Buffer.byteLength(e.MessageBody ?? ''), 0);
      expect(bytes).toBeLessThanOrEqual(256 * 1024);
    }
  });

  it('dead-letters a post DynamoDB refuses instead of retrying it forever', async () => {
    const [victim, other] = corpus.filter((r) => r.expect === 'stored');
    if (!victim?.post || !other?.post) throw new Error('corpus has too few stored records');
    refuse = (post) =>
      post.id === victim.post?.id ? 'Item size has exceeded the maximum allowed size' : undefined;

    const res = await handler({
      Records: [kinesisRecord(victim.raw, 0, 'victim'), kinesisRecord(other.raw, 1, 'other')],
    });
    expect(res.batchItemFailures).toEqual([]);
    const letters = dlqEntries();
    expect(letters).toHaveLength(1);
    expect(letters[0]?.MessageAttributes?.code?.StringValue).toBe('INVALID');
    expect(letters[0]?.MessageAttributes?.reason?.StringValue).toContain(
      'DynamoDB refused the post: Item size has exceeded',
    );
    const body = JSON.parse(letters[0]?.MessageBody ?? '{}') as DeadLetterBody;
    expect(body.partitionKey).toBe('victim');
    expect([...counted.keys()]).toEqual([other.post.id]);
  });
});
