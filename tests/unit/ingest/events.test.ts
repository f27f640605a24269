import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SFNClient, StartSyncExecutionCommand } from '@aws-sdk/client-sfn';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { BatchGetCommand, PutCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { KinesisStreamBatchResponse, KinesisStreamEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { workflowInputSchema, type PostResult } from '../../../functions/domain/workflow';
import { findRepoRoot } from '../../../local/paths';
import { buildIngestEvents } from '../../../scripts/make-ingest-events';

const root = findRepoRoot();
const EVENTS_DIR = join(root, 'events/ingest');

/** What each sample event must do: posts stored, and rejected records by code. */
function expectations(): Record<
  string,
  { stored: number; duplicates: number; retracted?: number; rejected: Record<string, number> }
> {
  const recipe = JSON.parse(
    readFileSync(join(root, 'tests/fixtures/formats/mixed-malformed.json'), 'utf8'),
  ) as {
    records: { expect: string }[];
  };
  const rejected: Record<string, number> = {};
  for (const r of recipe.records) {
    if (!['stored', 'duplicate', 'retracted'].includes(r.expect))
      rejected[r.expect] = (rejected[r.expect] ?? 0) + 1;
  }
  return {
    'x-v1.json': { stored: 6, duplicates: 0, rejected: {} },
    'x-v2.json': { stored: 4, duplicates: 0, rejected: {} },
    'bluesky.json': { stored: 3, duplicates: 0, rejected: {} },
    'post-json.json': { stored: 2, duplicates: 0, rejected: {} },
    'reddit.json': { stored: 4, duplicates: 0, retracted: 3, rejected: {} },
    'mixed-malformed.json': {
      stored: recipe.records.filter((r) => r.expect === 'stored').length,
      duplicates: recipe.records.filter((r) => r.expect === 'duplicate').length,
      retracted: recipe.records.filter((r) => r.expect === 'retracted').length,
      rejected,
    },
  };
}

const ddb = mockClient(DynamoDBDocumentClient);
const sqs = mockClient(SQSClient);
const sfn = mockClient(SFNClient);
let handler: (event: KinesisStreamEvent) => Promise<KinesisStreamBatchResponse>;

beforeAll(async () => {
  process.env.POSTS_TABLE = 'PostsTable';
  process.env.STATS_TABLE = 'StatsTable-test';
  process.env.DLQ_URL = 'https://sqs.us-east-1.amazonaws.com/000000000000/dlq';
  process.env.STATE_MACHINE_ARN =
    'arn:aws:states:us-east-1:000000000000:stateMachine:EnrichStateMachine';
  ({ handler } = await import('../../../functions/ingest/ingest'));
});

describe('sample events in events/ingest', () => {
  const files = readdirSync(EVENTS_DIR).filter((f) => f.endsWith('.json'));

  it('has an expectation for every event file', () => {
    expect(files.sort()).toEqual(Object.keys(expectations()).sort());
  });

  it.each(files)('%s runs through the handler with the expected outcome', async (file) => {
    const expected = expectations()[file];
    // Posts the workflow counted (its Persist step puts their items), by id.
    const stored = new Map<string, Record<string, unknown>>();
    ddb.reset();
    sqs.reset();
    sfn.reset();
    // Behaves like the table: ids already counted are found.
    type Keys = Record<string, { Keys: { id: string }[] }>;
    ddb.on(BatchGetCommand).callsFake((input: { RequestItems: Keys }) => ({
      Responses: Object.fromEntries(
        Object.entries(input.RequestItems).map(([t, r]) => [
          t,
          r.Keys.flatMap((k) => stored.get(k.id) ?? []),
        ]),
      ),
    }));
    // The workflow takes its input as Prepare does and counts each new post once.
    sfn.on(StartSyncExecutionCommand).callsFake((command: { input: string }) => {
      const { posts } = workflowInputSchema.parse(JSON.parse(command.input));
      const results = posts.map((post): PostResult => {
        if (stored.has(post.id)) return { id: post.id, ok: true, status: 'ALREADY_COUNTED' };
        stored.set(post.id, { ...post, countedAt: new Date().toISOString() });
        return { id: post.id, ok: true, status: 'COUNTED' };
      });
      return { status: 'SUCCEEDED', output: JSON.stringify({ results }) };
    });
    sqs.on(SendMessageBatchCommand).resolves({ Failed: [] });
    // A delete of a post not seen yet leaves a tombstone for it.
    const tombstones: string[] = [];
    ddb.on(PutCommand).callsFake((input: { Item: { id: string; tombstone?: boolean } }) => {
      if (input.Item.tombstone) tombstones.push(input.Item.id);
      return {};
    });

    const event = JSON.parse(readFileSync(join(EVENTS_DIR, file), 'utf8')) as KinesisStreamEvent;
    const res = await handler(event);

    expect(res.batchItemFailures).toEqual([]);
    expect(stored.size).toBe(expected?.stored);
    // Each counted post carries the record it came in, which tells a retry from a copy.
    const eventIds = new Set(event.Records.map((r) => r.eventID));
    for (const post of stored.values()) expect(eventIds).toContain(post.ingestedBy);
    const codes: Record<string, number> = {};
    for (const call of sqs.commandCalls(SendMessageBatchCommand)) {
      for (const e of call.args[0].input.Entries ?? []) {
        const code = e.MessageAttributes?.code?.StringValue ?? '?';
        codes[code] = (codes[code] ?? 0) + 1;
      }
    }
    expect(codes).toEqual(expected?.rejected);
    const records = event.Records.length;
    const rejected = Object.values(codes).reduce((a, b) => a + b, 0);
    expect(tombstones).toHaveLength(expected?.retracted ?? 0);
    expect(records - stored.size - rejected - tombstones.length).toBe(expected?.duplicates);
  });

  it('are up to date with the fixtures (npx tsx scripts/make-ingest-events.ts)', () => {
    for (const [path, content] of buildIngestEvents(root)) {
      expect({ path, content: readFileSync(join(root, path), 'utf8') }).toEqual({ path, content });
    }
  });
});
