import { SFNClient, StartSyncExecutionCommand } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { chooseFeeds, FEED_BUDGET, feedKeysOf } from '../../../functions/domain/feed';
import type { PostResult, WorkflowInput, WorkPost } from '../../../functions/domain/workflow';
import { MAX_EXECUTION_INPUT_BYTES } from '../../../functions/enrich/executions';
import { enrichPosts, EXECUTIONS_AT_ONCE } from '../../../functions/enrich/run-executions';

/**
 * How Ingest runs the enrichment workflow for a Kinesis batch's new posts: StartSyncExecution,
 * a few executions at a time, each under Step Functions' payload limit, the feeds chosen over the
 * whole batch, only the last execution folding the batch's counts, Persist's result per post.
 */

const sfn = mockClient(SFNClient);
const ARN = 'arn:aws:states:us-east-1:123456789012:stateMachine:EnrichStateMachine';

/** A post as Ingest hands it to the workflow. */
function workPost(n: number, text = `post ${n} #Tag`): WorkPost {
  return {
    id: `x:${n}`,
    source: 'x',
    text,
    createdAt: new Date(Date.UTC(2024, 10, 21, 10, 15, n % 60)).toISOString(),
    lang: 'en',
    author: { id: '42', handle: 'someone' },
    hashtags: [{ key: 'tag', display: 'Tag' }],
    cashtags: n % 2 === 0 ? ['$AWS'] : [],
    isRetweet: false,
    isReply: false,
    ingestedBy: `shardId-000000000003:4965${String(n).padStart(8, '0')}`,
  };
}

const posts = (count: number, text?: string): WorkPost[] =>
  Array.from({ length: count }, (_, i) => workPost(1000 + i, text));

const inputs = (): WorkflowInput[] =>
  sfn
    .commandCalls(StartSyncExecutionCommand)
    .map((c) => JSON.parse(c.args[0].input.input ?? '{}') as WorkflowInput);

const counted = (id: string): PostResult => ({ id, ok: true, status: 'COUNTED' });

/**
 * The workflow's answer, per execution: Persist's results (by default every post counted), or a
 * failed execution. Calls are numbered from 0.
 */
function workflow(
  answer: (input: WorkflowInput, call: number) => PostResult[] | 'fail' = (input) =>
    input.posts.map((p) => counted(p.id)),
) {
  let call = 0;
  sfn.on(StartSyncExecutionCommand).callsFake((command: { input: string }) => {
    const results = answer(JSON.parse(command.input) as WorkflowInput, call++);
    return results === 'fail'
      ? { status: 'FAILED', error: 'States.TaskFailed', cause: 'Persist failed' }
      : { status: 'SUCCEEDED', output: JSON.stringify({ results }) };
  });
}

beforeEach(() => sfn.reset());

describe('enrichPosts', () => {
  it('runs one folding execution for a small batch, with every post whole and its feeds', async () => {
    workflow();
    const batch = posts(3);

    const results = await enrichPosts(ARN, batch);

    expect(sfn).toHaveReceivedCommandTimes(StartSyncExecutionCommand, 1);
    expect(sfn).toHaveReceivedCommandWith(StartSyncExecutionCommand, { stateMachineArn: ARN });
    // All of the post goes (Persist writes its item), with the record it came in.
    expect(inputs()).toEqual([
      { posts: batch.map((p) => ({ ...p, feedKeys: feedKeysOf(p) })), fold: true },
    ]);
    expect([...results.values()]).toEqual(batch.map((p) => counted(p.id)));
  });

  it("returns Persist's result per post id, whatever it is", async () => {
    const [a, b, c, d] = posts(4).map((p) => p.id) as [string, string, string, string];
    const answered: PostResult[] = [
      { id: d, ok: true, status: 'ALREADY_COUNTED' },
      { id: a, ok: true, status: 'COUNTED', enrichStatus: 'OK' },
      {
        id: c,
        ok: false,
        status: 'FAILED',
        refused: 'DynamoDB refused the post: Item size has exceeded the maximum allowed size',
      },
      { id: b, ok: true, status: 'RETRACTED' },
    ];
    workflow(() => answered);

    const results = await enrichPosts(ARN, posts(4));

    expect(results.size).toBe(4);
    for (const r of answered) expect(results.get(r.id)).toEqual(r);
  });

  it('splits a batch into executions under the payload limit, a few at once, the folding one last and alone', async () => {
    let running = 0;
    let most = 0;
    const overlapping: boolean[] = [];
    sfn.on(StartSyncExecutionCommand).callsFake(async (command: { input: string }) => {
      running++;
      most = Math.max(most, running);
      const { posts: sent, fold } = JSON.parse(command.input) as WorkflowInput;
      if (fold) overlapping.push(running > 1);
      await new Promise((resolve) => setImmediate(resolve));
      running--;
      const results = sent.map((p) => counted(p.id));
      return { status: 'SUCCEEDED', output: JSON.stringify({ results }) };
    });
    const batch = posts(120, 'x'.repeat(9_000));

    const results = await enrichPosts(ARN, batch);

    const calls = sfn.commandCalls(StartSyncExecutionCommand);
    expect(calls.length).toBeGreaterThan(EXECUTIONS_AT_ONCE + 1);
    for (const c of calls) {
      expect(Buffer.byteLength(c.args[0].input.input ?? '')).toBeLessThanOrEqual(
        MAX_EXECUTION_INPUT_BYTES,
      );
    }
    // Every post once, in batch order.
    expect(inputs().flatMap((i) => i.posts.map((p) => p.id))).toEqual(batch.map((p) => p.id));
    // Only the last execution folds the pending counts, once for the whole batch, after the
    // others are done (it folds their deltas); they write no counters, so they overlap.
    expect(inputs().map((i) => i.fold)).toEqual([...calls.slice(1).map(() => false), true]);
    expect(overlapping).toEqual([false]);
    expect(most).toBe(EXECUTIONS_AT_ONCE);
    expect([...results.keys()]).toEqual(batch.map((p) => p.id));
  });

  it('starts no execution for a batch without new posts', async () => {
    workflow();
    await expect(enrichPosts(ARN, [])).resolves.toEqual(new Map());
    expect(sfn).toHaveReceivedCommandTimes(StartSyncExecutionCommand, 0);
  });

  it('folds with an execution of no posts when the last execution fails', async () => {
    const batch = posts(60, 'x'.repeat(9_000));
    let executions = 0;
    workflow((input) => {
      executions++;
      // The last execution with posts fails; the others count theirs.
      return input.fold && input.posts.length > 0 ? 'fail' : input.posts.map((p) => counted(p.id));
    });

    const results = await enrichPosts(ARN, batch);

    const shape = inputs().map((i) => [i.posts.length > 0, i.fold]);
    expect(shape).toEqual([
      ...Array.from({ length: executions - 2 }, () => [true, false]),
      [true, true],
      [false, true],
    ]);
    // The failed execution's posts have no result; the others keep theirs.
    const failedIds =
      inputs()
        .at(-2)
        ?.posts.map((p) => p.id) ?? [];
    expect(failedIds.length).toBeGreaterThan(0);
    expect([...results.keys()]).toEqual(
      batch.map((p) => p.id).filter((id) => !failedIds.includes(id)),
    );
  });

  it('runs no fold-only execution when an earlier execution fails but the last succeeds', async () => {
    const batch = posts(60, 'x'.repeat(9_000));
    workflow((input, call) => (call === 0 ? 'fail' : input.posts.map((p) => counted(p.id))));

    const results = await enrichPosts(ARN, batch);

    expect(inputs().every((i) => i.posts.length > 0)).toBe(true);
    expect(inputs().map((i) => i.fold)).toEqual([
      ...inputs()
        .slice(1)
        .map(() => false),
      true,
    ]);
    const firstIds = inputs()[0]?.posts.map((p) => p.id) ?? [];
    for (const id of firstIds) expect(results.has(id)).toBe(false);
    expect(results.size).toBe(batch.length - firstIds.length);
  });

  it.each([
    ['FAILED', { status: 'FAILED', error: 'States.TaskFailed' }],
    ['TIMED_OUT', { status: 'TIMED_OUT' }],
    [
      'with a caught step failure',
      { status: 'SUCCEEDED', output: '{"status":"FAILED","error":"X"}' },
    ],
    ['without output', { status: 'SUCCEEDED' }],
  ])(
    'gives no results when the execution ends %s, and folds once more',
    async (_label, response) => {
      sfn.on(StartSyncExecutionCommand).resolves(response as never);

      const results = await enrichPosts(ARN, posts(3));

      expect(results.size).toBe(0);
      expect(inputs().map((i) => [i.posts.length, i.fold])).toEqual([
        [3, true],
        [0, true],
      ]);
    },
  );

  it('gives no results when StartSyncExecution throws', async () => {
    sfn.on(StartSyncExecutionCommand).rejects(new Error('ThrottlingException'));

    const results = await enrichPosts(ARN, posts(3));

    expect(results.size).toBe(0);
    // The fold-only execution is tried too; a failure of that one ends the attempt.
    expect(sfn).toHaveReceivedCommandTimes(StartSyncExecutionCommand, 2);
  });

  it('chooses the feeds over the whole batch, not per execution (a small batch is fed whole)', async () => {
    workflow();
    await enrichPosts(ARN, posts(10));
    for (const p of inputs()[0]?.posts ?? []) expect(p.feedKeys).toEqual(feedKeysOf(p));

    sfn.reset();
    workflow();
    const batch = posts(400, 'x'.repeat(2_000));
    await enrichPosts(ARN, batch);
    expect(inputs().length).toBeGreaterThan(1);
    const sent = inputs().flatMap((i) => i.posts);
    const chosen = chooseFeeds(batch);
    for (const p of sent) expect(p.feedKeys).toEqual(chosen.get(p.id));
    const items = sent.reduce((n, p) => n + (p.feedKeys?.length ?? 0), 0);
    expect(items).toBeLessThanOrEqual(Math.max(FEED_BUDGET.minItems, 0.4 * sent.length));
  });
});
