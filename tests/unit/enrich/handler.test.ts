import { SFNClient, StartSyncExecutionCommand } from '@aws-sdk/client-sfn';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { handler } from '../../../functions/enrich/enrich';
import { MAX_EXECUTION_INPUT_BYTES } from '../../../functions/enrich/executions';
import type { WorkflowInput } from '../../../functions/domain/workflow';
import { chooseFeeds, FEED_BUDGET, feedKeysOf } from '../../../functions/domain/feed';
import insertEvent from '../../../events/enrich/dynamodb-insert.json';

const sfn = mockClient(SFNClient);
const sample = insertEvent as unknown as DynamoDBStreamEvent;
const ARN = 'arn:aws:states:us-east-1:123456789012:stateMachine:EnrichStateMachine';

const seqOf = (i: number) => sample.Records[i]!.dynamodb!.SequenceNumber!;
const idOf = (i: number) => sample.Records[i]!.dynamodb!.Keys!.id!.S!;
const inputs = (): WorkflowInput[] =>
  sfn
    .commandCalls(StartSyncExecutionCommand)
    .map((c) => JSON.parse(c.args[0].input.input ?? '{}') as WorkflowInput);

/** The workflow's answer: every post ok except the given ids. */
function succeedExcept(...failedIds: string[]) {
  sfn.on(StartSyncExecutionCommand).callsFake((input: { input: string }) => {
    const { posts } = JSON.parse(input.input) as WorkflowInput;
    const results = posts.map((p) => ({
      id: p.id,
      ok: !failedIds.includes(p.id),
      status: failedIds.includes(p.id) ? 'FAILED' : 'COUNTED',
    }));
    return { status: 'SUCCEEDED', output: JSON.stringify({ results }) };
  });
}

beforeAll(() => {
  process.env.STATE_MACHINE_ARN = ARN;
});

beforeEach(() => sfn.reset());

describe('EnrichFunction', () => {
  it('runs the workflow once for the sample batch with only the fields it needs', async () => {
    succeedExcept();

    const out = await handler(sample);

    expect(out).toEqual({ batchItemFailures: [] });
    expect(sfn).toHaveReceivedCommandTimes(StartSyncExecutionCommand, 1);
    expect(sfn).toHaveReceivedCommandWith(StartSyncExecutionCommand, { stateMachineArn: ARN });
    const [input] = inputs();
    expect(input?.posts.map((p) => p.id)).toEqual(sample.Records.map((_, i) => idOf(i)));
    const first = input!.posts[0] as Record<string, unknown>;
    expect(Object.keys(first).sort()).toEqual(
      [
        'author',
        'cashtags',
        'createdAt',
        'feedKeys',
        'hashtags',
        'id',
        'place',
        'source',
        'text',
        'url',
      ].sort(),
    );
  });

  it('reports the records of posts the workflow did not count', async () => {
    succeedExcept(idOf(1), idOf(3));

    const out = await handler(sample);

    expect(out.batchItemFailures).toEqual([
      { itemIdentifier: seqOf(1) },
      { itemIdentifier: seqOf(3) },
    ]);
  });

  it.each([
    ['FAILED', { status: 'FAILED', error: 'States.TaskFailed' }],
    ['TIMED_OUT', { status: 'TIMED_OUT' }],
    ['a caught step failure', { status: 'SUCCEEDED', output: '{"status":"FAILED","error":"X"}' }],
  ])('fails every record when the execution ends %s', async (_label, response) => {
    sfn.on(StartSyncExecutionCommand).resolves(response as never);

    const out = await handler(sample);

    expect(out.batchItemFailures).toEqual(
      sample.Records.map((_, i) => ({ itemIdentifier: seqOf(i) })),
    );
  });

  it('fails every record when StartSyncExecution throws', async () => {
    sfn.on(StartSyncExecutionCommand).rejects(new Error('ThrottlingException'));

    const out = await handler(sample);

    expect(out.batchItemFailures).toHaveLength(sample.Records.length);
  });

  it('ignores non-INSERT records and fails records that are not valid posts', async () => {
    succeedExcept();
    const modify = { ...sample.Records[0]!, eventName: 'MODIFY' as const };
    const bad = structuredClone(sample.Records[1]!);
    bad.dynamodb!.NewImage = marshall({ id: 'x:1', text: '' }) as never;
    bad.dynamodb!.SequenceNumber = '999';

    const out = await handler({ Records: [modify, bad, sample.Records[2]!] });

    expect(out.batchItemFailures).toEqual([{ itemIdentifier: '999' }]);
    expect(inputs()[0]?.posts.map((p) => p.id)).toEqual([idOf(2)]);
  });

  it('splits a batch into executions whose input stays under the payload limit', async () => {
    succeedExcept();
    const big = 'x'.repeat(9_000);
    const records = Array.from({ length: 60 }, (_, i) => {
      const r = structuredClone(sample.Records[0]!);
      const image = { ...r.dynamodb!.NewImage! };
      image.id = { S: `x:big${i}` };
      image.text = { S: big };
      r.dynamodb!.NewImage = image;
      r.dynamodb!.SequenceNumber = String(1000 + i);
      return r;
    });

    const out = await handler({ Records: records });

    expect(out.batchItemFailures).toEqual([]);
    const calls = sfn.commandCalls(StartSyncExecutionCommand);
    expect(calls.length).toBeGreaterThan(1);
    for (const c of calls) {
      expect(Buffer.byteLength(c.args[0].input.input ?? '')).toBeLessThanOrEqual(
        MAX_EXECUTION_INPUT_BYTES,
      );
    }
    expect(inputs().flatMap((i) => i.posts.map((p) => p.id))).toHaveLength(60);
    // Only the last execution folds the pending counts, once for the whole batch.
    expect(inputs().map((i) => i.fold)).toEqual([...calls.slice(1).map(() => false), true]);
  });

  it('folds with an execution of no posts when the last execution fails', async () => {
    sfn.on(StartSyncExecutionCommand).resolves({ status: 'FAILED', error: 'States.TaskFailed' });

    const out = await handler(sample);

    expect(out.batchItemFailures).toHaveLength(sample.Records.length);
    expect(inputs().map((i) => [i.posts.length, i.fold])).toEqual([
      [sample.Records.length, true],
      [0, true],
    ]);
  });

  it('chooses the feeds over the whole batch, not per execution (a small batch is fed whole)', async () => {
    succeedExcept();
    await handler(sample);
    for (const p of inputs()[0]!.posts) expect(p.feedKeys).toEqual(feedKeysOf(p));

    sfn.reset();
    succeedExcept();
    const big = 'x'.repeat(2_000);
    const records = Array.from({ length: 400 }, (_, i) => {
      const r = structuredClone(sample.Records[0]!);
      const image = { ...r.dynamodb!.NewImage! };
      image.id = { S: `x:${1000 + i}` };
      image.text = { S: big };
      r.dynamodb!.NewImage = image;
      r.dynamodb!.SequenceNumber = String(1000 + i);
      return r;
    });
    await handler({ Records: records });
    expect(inputs().length).toBeGreaterThan(1);
    const sent = inputs().flatMap((i) => i.posts);
    const chosen = chooseFeeds(sent.map(({ feedKeys: _, ...p }) => p));
    for (const p of sent) expect(p.feedKeys).toEqual(chosen.get(p.id));
    const items = sent.reduce((n, p) => n + (p.feedKeys?.length ?? 0), 0);
    expect(items).toBeLessThanOrEqual(Math.max(FEED_BUDGET.minItems, 0.4 * sent.length));
  });

  it('sends a post id once even when the batch repeats it', async () => {
    succeedExcept();

    const out = await handler({ Records: [sample.Records[0]!, sample.Records[0]!] });

    expect(out.batchItemFailures).toEqual([]);
    expect(inputs()[0]?.posts).toHaveLength(1);
  });
});
