/**
 * The demo source of `npm start`: it starts as soon as its Kinesis stream exists, before DynamoDB
 * Local and the event sources are up (what a new user waits for is the first hashtags), and the
 * posts it sends meanwhile wait in the stream and are all counted (the Ingest mapping reads from
 * TRIM_HORIZON).
 */
import type { LocalStack } from '../../local/stack';
import { api, startTestStack, waitForPosts } from './support/stack';

jest.setTimeout(180_000);

let stack: LocalStack;

afterAll(async () => {
  await stack?.stop();
});

it('sends while the stack is still starting, and every post sent then is counted', async () => {
  stack = await startTestStack({ source: 'demo', rate: 25, seed: 7 });
  const sentWhileStarting = stack.counters().demo?.sent ?? 0;
  expect(sentWhileStarting).toBeGreaterThan(0);

  const counted = await waitForPosts(stack, sentWhileStarting, 120_000);
  expect(counted.posts).toBeGreaterThanOrEqual(sentWhileStarting);
  const top = await api<{ items: unknown[] }>(stack, '/hashtags?window=1h&limit=5');
  expect(top.items.length).toBeGreaterThan(0);
});
