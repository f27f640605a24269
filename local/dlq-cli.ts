/**
 * `npm run dlq`: lists the dead-letter queue of the running local stack (found through
 * .local-stack.json) without receiving the messages: time, reason, code and a short preview.
 */
import { parseArgs } from 'node:util';
import { findRepoRoot } from './paths';
import { readRuntimeFile, RUNTIME_FILE } from './services/runtime-file';
import type { PeekedMessage } from './services/sqs';

export interface DlqSummary {
  time: string;
  reason: string;
  code: string;
  preview: string;
}

const oneLine = (s: string, max: number): string => {
  const flat = s.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};

/** Reads both kinds of dead letters: records the ingest function rejected, and batches Lambda gave up on. */
export function summarize(m: PeekedMessage, previewChars = 60): DlqSummary {
  let body: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(m.Body);
    if (parsed && typeof parsed === 'object') body = parsed as Record<string, unknown>;
  } catch {
    // A plain-text message: the preview shows it.
  }
  const attr = (name: string): string | undefined => m.MessageAttributes?.[name]?.StringValue;
  const request = body.requestContext as { condition?: string } | undefined;
  const response = body.responseContext as { functionError?: string } | undefined;
  const batch = (body.KinesisBatchInfo ?? body.DDBStreamBatchInfo) as
    | {
        shardId?: string;
        batchSize?: number;
        startSequenceNumber?: string;
        endSequenceNumber?: string;
      }
    | undefined;
  const reason = String(body.reason ?? request?.condition ?? attr('reason') ?? '-');
  const code = String(body.code ?? response?.functionError ?? attr('code') ?? '-');
  const preview = batch
    ? `${body.KinesisBatchInfo ? 'Kinesis' : 'DynamoDB'} batch of ${batch.batchSize} in ${batch.shardId} from ${batch.startSequenceNumber}`
    : typeof body.data === 'string'
      ? body.data
      : m.Body;
  return {
    time: new Date(m.SentTimestamp).toISOString(),
    reason: oneLine(reason, 60),
    code,
    preview: oneLine(preview, previewChars),
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      queue: { type: 'string', default: 'DeadLetterQueue' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(
      "Usage: npm run dlq -- [--queue DeadLetterQueue] [--json]\n\nLists the messages of the running local stack's queue without consuming them.",
    );
    return;
  }
  const runtime = readRuntimeFile(findRepoRoot());
  if (!runtime) {
    console.error(
      `No local stack is running (${RUNTIME_FILE} not found). Start one with: npm start`,
    );
    process.exit(1);
  }
  const queue = runtime.resources.queues[values.queue];
  if (!queue) {
    console.error(
      `No queue ${values.queue}; the template has: ${Object.keys(runtime.resources.queues).join(', ')}`,
    );
    process.exit(1);
  }
  let messages: PeekedMessage[];
  try {
    const res = await fetch(
      `${runtime.endpoints.sqs}/_local/queues/${encodeURIComponent(queue.name)}/messages`,
    );
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    messages = ((await res.json()) as { messages: PeekedMessage[] }).messages;
  } catch (err) {
    console.error(
      `The local stack (pid ${runtime.pid}) does not answer: ${String(err)}. Is it still running?`,
    );
    process.exit(1);
  }
  if (values.json) {
    console.log(JSON.stringify(messages, null, 2));
    return;
  }
  console.log(`${queue.name}: ${messages.length} message(s)`);
  for (const s of messages.map((m) => summarize(m))) {
    console.log(`${s.time}  ${s.code.padEnd(22)} ${s.reason}\n    ${s.preview}`);
  }
}

// Only as a script: tests import summarize() without running main().
if (process.argv[1] && /dlq-cli\.[cm]?[jt]s$/.test(process.argv[1])) void main();
