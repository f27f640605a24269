import { randomUUID } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { md5Hex, md5OfMessageAttributes, type MessageAttributeValue } from './sqs-md5';

/** One message as the local queue keeps it (and as the .jsonl file stores it). */
export interface StoredMessage {
  MessageId: string;
  Body: string;
  MD5OfBody: string;
  MessageAttributes?: Record<string, MessageAttributeValue>;
  MD5OfMessageAttributes?: string;
  sentTimestamp: number;
  /** Epoch ms from which ReceiveMessage may return it (delay or visibility timeout). */
  visibleAt: number;
  receiveCount: number;
  firstReceiveTimestamp?: number;
  receiptHandle?: string;
}

type JournalLine = { op: 'send'; m: StoredMessage } | { op: 'delete'; id: string };

export class SqsError extends Error {
  constructor(
    /** The JSON protocol error shape, e.g. QueueDoesNotExist. */
    readonly code: string,
    /** The query-compatible code SQS also reports, e.g. AWS.SimpleQueueService.NonExistentQueue. */
    readonly queryCode: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

export class LocalQueue {
  readonly messages = new Map<string, StoredMessage>();
  readonly createdAt = Math.floor(Date.now() / 1000);
  private waiters = new Set<() => void>();

  constructor(
    readonly name: string,
    readonly attributes: Record<string, string>,
    private readonly journal?: string,
  ) {
    if (journal && existsSync(journal)) this.replay(journal);
  }

  get visibilityTimeout(): number {
    return Number(this.attributes.VisibilityTimeout ?? 30);
  }

  /** Replays the journal, then rewrites it with only the live messages (compaction). */
  private replay(file: string): void {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      try {
        const entry = JSON.parse(line) as JournalLine;
        if (entry.op === 'send') this.messages.set(entry.m.MessageId, { ...entry.m, visibleAt: 0 });
        else this.messages.delete(entry.id);
      } catch {
        // A torn last line from a crash: the message it held was never acknowledged as sent.
      }
    }
    writeFileSync(
      file,
      [...this.messages.values()].map((m) => `${JSON.stringify({ op: 'send', m })}\n`).join(''),
    );
  }

  private append(entry: JournalLine): void {
    if (this.journal) appendFileSync(this.journal, `${JSON.stringify(entry)}\n`);
  }

  send(
    body: string,
    attrs: Record<string, MessageAttributeValue> | undefined,
    delaySeconds = Number(this.attributes.DelaySeconds ?? 0),
  ): StoredMessage {
    if (typeof body !== 'string' || body.length === 0) {
      throw new SqsError(
        'InvalidMessageContents',
        'InvalidMessageContents',
        'The message body must not be empty',
      );
    }
    const hasAttrs = attrs && Object.keys(attrs).length > 0;
    const now = Date.now();
    const m: StoredMessage = {
      MessageId: randomUUID(),
      Body: body,
      MD5OfBody: md5Hex(Buffer.from(body, 'utf8')),
      ...(hasAttrs
        ? { MessageAttributes: attrs, MD5OfMessageAttributes: md5OfMessageAttributes(attrs) }
        : {}),
      sentTimestamp: now,
      visibleAt: now + delaySeconds * 1000,
      receiveCount: 0,
    };
    this.messages.set(m.MessageId, m);
    this.append({ op: 'send', m });
    this.waiters.forEach((w) => w());
    return m;
  }

  receive(max: number, visibilityTimeout = this.visibilityTimeout): StoredMessage[] {
    const now = Date.now();
    const out: StoredMessage[] = [];
    for (const m of this.messages.values()) {
      if (out.length >= max) break;
      if (m.visibleAt > now) continue;
      m.receiveCount += 1;
      m.firstReceiveTimestamp ??= now;
      m.visibleAt = now + visibilityTimeout * 1000;
      m.receiptHandle = Buffer.from(`${m.MessageId}:${randomUUID()}`).toString('base64');
      out.push(m);
    }
    return out;
  }

  /** Resolves when a message is sent or after `ms`, whichever is first (long polling). */
  waitForMessage(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.waiters.add(done);
    });
  }

  wakeAll(): void {
    [...this.waiters].forEach((w) => w());
  }

  /** The message id inside a receipt handle this server issued, or an error for anything else. */
  private idOf(receiptHandle: unknown): string {
    const decoded =
      typeof receiptHandle === 'string'
        ? Buffer.from(receiptHandle, 'base64').toString('utf8')
        : '';
    const id = decoded.split(':')[0] ?? '';
    if (!/^[0-9a-f-]{36}$/.test(id)) {
      throw new SqsError(
        'ReceiptHandleIsInvalid',
        'ReceiptHandleIsInvalid',
        `The receipt handle "${String(receiptHandle)}" is not valid.`,
      );
    }
    return id;
  }

  /** Deleting a message that is already gone is not an error in SQS. */
  delete(receiptHandle: unknown): void {
    const id = this.idOf(receiptHandle);
    if (this.messages.delete(id)) this.append({ op: 'delete', id });
  }

  changeVisibility(receiptHandle: unknown, seconds: number): void {
    const m = this.messages.get(this.idOf(receiptHandle));
    if (m) m.visibleAt = Date.now() + seconds * 1000;
  }

  purge(): void {
    this.messages.clear();
    if (this.journal) writeFileSync(this.journal, '');
  }

  counts(): { visible: number; inFlight: number; delayed: number } {
    const now = Date.now();
    let visible = 0;
    let inFlight = 0;
    let delayed = 0;
    for (const m of this.messages.values()) {
      if (m.visibleAt <= now) visible++;
      else if (m.receiveCount > 0) inFlight++;
      else delayed++;
    }
    return { visible, inFlight, delayed };
  }
}

/** The queues of the local SQS server; with a data folder, each queue is journalled to a .jsonl file. */
export class SqsStore {
  readonly queues = new Map<string, LocalQueue>();
  private readonly dir?: string;

  constructor(dataDir?: string) {
    if (dataDir) {
      this.dir = join(dataDir, 'sqs');
      mkdirSync(this.dir, { recursive: true });
    }
  }

  create(name: string, attributes: Record<string, string> = {}): LocalQueue {
    if (!/^[A-Za-z0-9_-]{1,80}(\.fifo)?$/.test(name)) {
      throw new SqsError(
        'InvalidParameterValue',
        'InvalidParameterValue',
        `Invalid queue name: ${name}`,
      );
    }
    let q = this.queues.get(name);
    if (!q) {
      q = new LocalQueue(
        name,
        { VisibilityTimeout: '30', DelaySeconds: '0', ...attributes },
        this.dir && join(this.dir, `${name}.jsonl`),
      );
      this.queues.set(name, q);
    }
    return q;
  }

  get(name: string): LocalQueue {
    const q = this.queues.get(name);
    if (!q) {
      throw new SqsError(
        'QueueDoesNotExist',
        'AWS.SimpleQueueService.NonExistentQueue',
        'The specified queue does not exist.',
      );
    }
    return q;
  }

  /** The queue a QueueUrl names (its last path segment), whatever host the URL has. */
  byUrl(url: unknown): LocalQueue {
    if (typeof url !== 'string') {
      throw new SqsError('InvalidAddress', 'InvalidAddress', 'QueueUrl is required');
    }
    return this.get(url.replace(/\/+$/, '').split('/').pop() ?? '');
  }
}
