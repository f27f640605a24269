import { summarize, type DlqSummary } from '../../../local/dlq-cli';
import type { PeekedMessage } from '../../../local/services/sqs';
import { startLocalStack, type LocalStack, type LocalStackOptions } from '../../../local/stack';
import type { StatsBody } from '../../support/stack-io';
import { responseValidator } from '../../unit/api/support/openapi';

/** One whole local stack on a free port, no demo source unless asked, nothing printed, nothing left on disk. */
export function startTestStack(
  opts: Pick<LocalStackOptions, 'faults' | 'source' | 'rate' | 'seed'> = {},
): Promise<LocalStack> {
  return startLocalStack({
    port: 0,
    source: 'none',
    quiet: true,
    // A running `npm start` owns .local-stack.json; a test stack must not overwrite it.
    runtimeFile: false,
    // Two shared cores: one environment per function starts fastest and is plenty for a few dozen posts.
    maxWorkersPerFunction: 1,
    // The tests compare the API with what was just written; the read routes would otherwise
    // answer from what they read up to a max-age ago (tests/unit/api/read-cache.test.ts).
    functionEnvironment: { READ_CACHE: 'off' },
    ...opts,
  });
}

export { putRecords, type StatsBody } from '../../support/stack-io';

/** The template path a request path answers to, for the OpenAPI lookup. */
function templatePath(path: string): string {
  const bare = path.split('?')[0] ?? path;
  if (/^\/history\/[^/]+$/.test(bare)) return '/history/{query}';
  return /^\/hashtags\/[^/]+\/timeline$/.test(bare) ? '/hashtags/{tag}/timeline' : bare;
}

/** Paths of every response validated so far, so a test can check the contract covered them all. */
export const validatedPaths = new Set<string>();

/**
 * GET `/api<path>`; the response must be 200 and match docs/openapi.yaml, whatever the test then
 * asserts about its content.
 */
export async function api<T>(stack: LocalStack, path: string): Promise<T> {
  const response = await fetch(`${stack.url}/api${path}`);
  const body: unknown = await response.json();
  if (response.status !== 200) {
    throw new Error(`GET ${path}: HTTP ${response.status} ${JSON.stringify(body)}`);
  }
  const validate = responseValidator(templatePath(path), 200);
  if (!validate(body)) {
    throw new Error(
      `GET ${path} does not match docs/openapi.yaml: ${JSON.stringify(validate.errors)}\n${JSON.stringify(body)}`,
    );
  }
  validatedPaths.add(templatePath(path));
  return body as T;
}

/**
 * Polls until `done` holds for the answer of `read`, or the budget runs out; returns the last
 * answer either way, so the caller's assertion fails with the real figures, not a timeout.
 */
export async function pollUntil<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  budgetMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + budgetMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export const stats = (stack: LocalStack): Promise<StatsBody> => api<StatsBody>(stack, '/stats');

/**
 * Polls GET /api/stats until it counts at least `posts` posts (or the budget runs out), then
 * until no Ingest invocation is under way: the counts are visible when the fold commits, and the
 * rank lists the top-N routes read are written right after it, by the same invocation.
 */
export async function waitForPosts(
  stack: LocalStack,
  posts: number,
  budgetMs = 60_000,
): Promise<StatsBody> {
  const counted = await pollUntil(
    () => stats(stack),
    (s) => s.posts >= posts,
    budgetMs,
  );
  await pollUntil(
    () => Promise.resolve(stack.counters().running.IngestFunction ?? 0),
    (running) => running === 0,
    budgetMs,
  );
  return counted;
}

/** The dead-letter queue's messages, read without consuming them (what `npm run dlq` shows). */
export async function deadLetters(
  stack: LocalStack,
): Promise<(DlqSummary & { body: Record<string, unknown> })[]> {
  const queue = stack.resources.queues.DeadLetterQueue;
  if (!queue) throw new Error('template.yaml defines no DeadLetterQueue');
  const res = await fetch(
    `${stack.endpoints.sqs}/_local/queues/${encodeURIComponent(queue.name)}/messages`,
  );
  if (!res.ok) throw new Error(`DLQ peek: HTTP ${res.status}`);
  const { messages } = (await res.json()) as { messages: PeekedMessage[] };
  return messages.map((m) => {
    let body: Record<string, unknown> = {};
    try {
      body = JSON.parse(m.Body) as Record<string, unknown>;
    } catch {
      // Plain text: the summary shows it.
    }
    return { ...summarize(m, 500), body };
  });
}
