/**
 * Functions that fail once are retried by the local event source mappings and the state machine,
 * and the counts stay exact: IngestFunction throws before its first run, PersistFunction throws
 * after its first run (its transaction has already counted the posts).
 */
import type { Fault } from '../../local/runtime';
import type { LocalStack } from '../../local/stack';
import { expectApiMatches } from './support/assertions';
import { expectedFrom, knownPostSpecs, renderRecord, type PostSpec } from './support/known-posts';
import { putRecords, startTestStack, waitForPosts } from './support/stack';

// Project-level testTimeout does not reach hooks under `projects`; a stack takes ~15 s to start.
jest.setTimeout(180_000);

const runId = String((Date.now() % 1_000_000_000) + 7);
const toRecord = (spec: PostSpec) => ({ partitionKey: spec.postId, data: renderRecord(spec) });

/** A fault on the first invocation only, and how many invocations were seen. */
function once(fault: Fault): { inject: () => Fault; calls: () => number } {
  let n = 0;
  return { inject: () => (++n === 1 ? fault : undefined), calls: () => n };
}

const ingest = once('throw-before');
const persist = once('throw-after');
let stack: LocalStack;

beforeAll(async () => {
  stack = await startTestStack({
    faults: { functions: { IngestFunction: ingest.inject, PersistFunction: persist.inject } },
  });
});

afterAll(async () => {
  await stack?.stop();
});

it('retries a function that throws once and still counts every post exactly once', async () => {
  const specs = knownPostSpecs(new Date(), runId);
  await putRecords(stack, specs.map(toRecord));
  await waitForPosts(stack, specs.length);

  // A marker after the batch on the same shard: once it is counted, the retries of everything
  // before it are over, so a double count would show now.
  const [marker] = knownPostSpecs(new Date(), `${runId}9`).map((s): PostSpec => ({
    ...s,
    postId: `post:itest-retry-marker-${runId}`,
    format: 'post',
  }));
  if (!marker) throw new Error('no marker');
  await putRecords(stack, [toRecord(marker)]);
  await waitForPosts(stack, specs.length + 1);

  const all = [...specs, marker];
  await expectApiMatches(stack, all, expectedFrom(all));

  const counters = stack.counters();
  expect(ingest.calls()).toBeGreaterThanOrEqual(2);
  expect(persist.calls()).toBeGreaterThanOrEqual(2);
  expect(counters.eventSources['IngestFunction.Posts']?.functionErrors).toBeGreaterThanOrEqual(1);
  expect(counters.eventSources['IngestFunction.Posts']?.sentToDestination).toBe(0);
});
