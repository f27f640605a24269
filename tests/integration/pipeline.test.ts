/**
 * The whole local stack (template.yaml, real functions, Express state machine, DynamoDB Local,
 * kinesalite, local SQS): known posts in four wire formats go into Kinesis and the API must
 * answer with exactly the aggregates they imply; duplicates change nothing; poison records land
 * in the dead-letter queue while the rest of their batch flows.
 */
import { StartSyncExecutionCommand } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { createDynamoDbClient } from '../../local/services/dynamodb';
import { createSfnClient } from '../../local/stepfunctions';
import { PENDING_PK } from '../../functions/domain/pending-counts';
import type { LocalStack } from '../../local/stack';
import { expectApiMatches } from './support/assertions';
import { expectedFrom, knownPostSpecs, renderRecord, type PostSpec } from './support/known-posts';
import {
  api,
  deadLetters,
  pollUntil,
  putRecords,
  startTestStack,
  stats,
  validatedPaths,
  waitForPosts,
} from './support/stack';

// Project-level testTimeout does not reach hooks under `projects`; a stack takes ~15 s to start.
jest.setTimeout(180_000);

const runId = String(Date.now() % 1_000_000_000);
const toRecord = (spec: PostSpec) => ({ partitionKey: spec.postId, data: renderRecord(spec) });

let stack: LocalStack;
let specs: PostSpec[];

beforeAll(async () => {
  stack = await startTestStack();
  specs = knownPostSpecs(new Date(), runId);
  await putRecords(stack, specs.map(toRecord));
  await waitForPosts(stack, specs.length);
});

afterAll(async () => {
  await stack?.stop();
});

describe('known posts through the local stack', () => {
  it('answers every API with the exact aggregates of the known posts', async () => {
    await expectApiMatches(stack, specs, expectedFrom(specs));
  });

  it('folds every pending count: none is left, and an execution of no posts only folds', async () => {
    const doc = DynamoDBDocumentClient.from(createDynamoDbClient(stack.endpoints.dynamodb));
    const pending = async (): Promise<number> =>
      (
        await doc.send(
          new QueryCommand({
            TableName: stack.resources.tables.StatsTable!.name,
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': PENDING_PK },
            ConsistentRead: true,
          }),
        )
      ).Count ?? 0;
    expect(await pending()).toBe(0);

    // What EnrichFunction starts when a batch's last execution failed (the real state machine).
    const sfn = createSfnClient(stack.endpoints.stepfunctions);
    const out = await sfn.send(
      new StartSyncExecutionCommand({
        stateMachineArn: stack.resources.stateMachines.EnrichStateMachine!.arn,
        input: JSON.stringify({ posts: [], fold: true }),
      }),
    );
    sfn.destroy();
    doc.destroy();
    expect(out.status).toBe('SUCCEEDED');
    expect(JSON.parse(out.output ?? '{}')).toEqual({ results: [] });
    await expectApiMatches(stack, specs, expectedFrom(specs));
  });

  it('counts nothing twice when the same records are sent again', async () => {
    // The marker is sent after the duplicates on the same shard: once it is counted, the
    // duplicates before it have been through ingest, so the figures below are final.
    const [marker] = knownPostSpecs(new Date(), `${runId}9`).map((s): PostSpec => ({
      ...s,
      postId: `post:itest-marker-${runId}`,
      format: 'post',
    }));
    if (!marker) throw new Error('no marker');
    await putRecords(stack, [...specs.map(toRecord), ...specs.slice(0, 5).map(toRecord)]);
    await putRecords(stack, [toRecord(marker)]);
    const after = await waitForPosts(stack, specs.length + 1);
    expect(after.posts).toBe(specs.length + 1);

    const all = [...specs, marker];
    await expectApiMatches(stack, all, expectedFrom(all));
    specs = all;
  });

  it('sends poison records to the dead-letter queue with their reason, the rest flows', async () => {
    const before = await stats(stack);
    const good = knownPostSpecs(new Date(), `${runId}8`)
      .filter((s) => s.format === 'post')
      .slice(0, 2)
      .map((s, i): PostSpec => ({ ...s, postId: `post:itest-around-poison-${runId}-${i}` }));
    const [first, second] = good.map(toRecord);
    if (!first || !second) throw new Error('no posts');
    await putRecords(stack, [
      first,
      { partitionKey: 'poison-1', data: 'this is {not json' },
      { partitionKey: 'poison-2', data: { hello: 'world', n: 1 } },
      second,
    ]);

    const after = await waitForPosts(stack, before.posts + 2);
    expect(after.posts).toBe(before.posts + 2);
    const letters = await pollUntil(
      () => deadLetters(stack),
      (m) => m.length >= 2,
    );
    expect(
      letters
        .map((m) => ({ code: m.code, partitionKey: m.body.partitionKey }))
        .sort((a, b) => String(a.partitionKey).localeCompare(String(b.partitionKey))),
    ).toEqual([
      { code: 'NOT_JSON', partitionKey: 'poison-1' },
      { code: 'UNKNOWN_SHAPE', partitionKey: 'poison-2' },
    ]);
    for (const m of letters) expect(m.reason).not.toBe('-');
    expect(letters.find((m) => m.code === 'NOT_JSON')?.body.data).toBe('this is {not json');

    const withDlq = await pollUntil(
      () => stats(stack),
      (s) => s.deadLetters === 2,
    );
    expect(withDlq.deadLetters).toBe(2);
    const feed = await api<{ items: { id: string }[] }>(stack, '/posts?limit=100');
    expect(feed.items.map((p) => p.id)).toEqual(expect.arrayContaining(good.map((g) => g.postId)));
  });

  it('validated a response of every read route against docs/openapi.yaml', () => {
    expect([...validatedPaths].sort()).toEqual(
      ['/hashtags', '/hashtags/{tag}/timeline', '/locations', '/posts', '/stats'].sort(),
    );
  });
});
