import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { LOCAL_ACCOUNT, LOCAL_REGION } from '../types';
import { closeServer, listen, LOOPBACK } from './net';
import type { MessageAttributeValue } from './sqs-md5';
import { type LocalQueue, SqsError, SqsStore, type StoredMessage } from './sqs-store';

/**
 * A small SQS-compatible server speaking the AWS JSON 1.0 protocol that @aws-sdk/client-sqs uses
 * (POST /, `X-Amz-Target: AmazonSQS.<Action>`). Enough for the dead-letter queue: queues,
 * send/receive/delete (single and batch), attributes and purge. Plus one local-only route,
 * `GET /_local/queues/<name>/messages`, that lists messages without receiving them (npm run dlq).
 */

type Json = Record<string, unknown>;
type Handler = (body: Json) => Promise<Json> | Json;

const MAX_WAIT_SECONDS = 20;

export interface SqsService {
  endpoint: string;
  store: SqsStore;
  queueUrl(name: string): string;
  stop(): Promise<void>;
}

/** What `GET /_local/queues/<name>/messages` returns for each message. */
export interface PeekedMessage {
  MessageId: string;
  Body: string;
  MessageAttributes?: Record<string, MessageAttributeValue>;
  SentTimestamp: number;
  ApproximateReceiveCount: number;
}

function wantedAttributes(
  names: unknown,
  attrs: Record<string, MessageAttributeValue>,
): Record<string, MessageAttributeValue> {
  const list = Array.isArray(names) ? names.map(String) : [];
  if (list.includes('All') || list.includes('.*')) return attrs;
  const out: Record<string, MessageAttributeValue> = {};
  for (const [k, v] of Object.entries(attrs)) {
    if (list.some((n) => (n.endsWith('.*') ? k.startsWith(n.slice(0, -1)) : n === k))) out[k] = v;
  }
  return out;
}

function systemAttributes(names: unknown, m: StoredMessage): Record<string, string> | undefined {
  const list = Array.isArray(names) ? names.map(String) : [];
  if (list.length === 0) return undefined;
  const all: Record<string, string> = {
    SenderId: LOCAL_ACCOUNT,
    SentTimestamp: String(m.sentTimestamp),
    ApproximateReceiveCount: String(m.receiveCount),
    ApproximateFirstReceiveTimestamp: String(m.firstReceiveTimestamp ?? m.sentTimestamp),
  };
  if (list.includes('All')) return all;
  return Object.fromEntries(Object.entries(all).filter(([k]) => list.includes(k)));
}

export async function startSqs(
  opts: { dataDir?: string; port?: number } = {},
): Promise<SqsService> {
  const store = new SqsStore(opts.dataDir);
  let endpoint = '';
  let stopping = false;
  const queueUrl = (name: string): string => `${endpoint}/${LOCAL_ACCOUNT}/${name}`;
  const intOf = (v: unknown, fallback: number, min: number, max: number, name: string): number => {
    if (v === undefined || v === null) return fallback;
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || n > max) {
      throw new SqsError(
        'InvalidParameterValue',
        'InvalidParameterValue',
        `Value ${String(v)} for parameter ${name} is invalid. Must be between ${min} and ${max}.`,
      );
    }
    return n;
  };
  const sendOne = (q: LocalQueue, e: Json): Json => {
    const m = q.send(
      e.MessageBody as string,
      e.MessageAttributes as Record<string, MessageAttributeValue> | undefined,
      e.DelaySeconds === undefined ? undefined : intOf(e.DelaySeconds, 0, 0, 900, 'DelaySeconds'),
    );
    return {
      MessageId: m.MessageId,
      MD5OfMessageBody: m.MD5OfBody,
      ...(m.MD5OfMessageAttributes ? { MD5OfMessageAttributes: m.MD5OfMessageAttributes } : {}),
    };
  };
  const batchEntries = (b: Json): Json[] => {
    const entries = Array.isArray(b.Entries) ? (b.Entries as Json[]) : [];
    if (entries.length === 0)
      throw new SqsError(
        'EmptyBatchRequest',
        'AWS.SimpleQueueService.EmptyBatchRequest',
        'There should be at least one entry in the request.',
      );
    if (entries.length > 10)
      throw new SqsError(
        'TooManyEntriesInBatchRequest',
        'AWS.SimpleQueueService.TooManyEntriesInBatchRequest',
        'Maximum number of entries per request are 10.',
      );
    if (new Set(entries.map((e) => e.Id)).size !== entries.length) {
      throw new SqsError(
        'BatchEntryIdsNotDistinct',
        'AWS.SimpleQueueService.BatchEntryIdsNotDistinct',
        'Two or more batch entries in the request have the same Id.',
      );
    }
    return entries;
  };
  const failure = (id: unknown, err: unknown): Json => ({
    Id: id,
    SenderFault: true,
    Code: err instanceof SqsError ? err.code : 'InternalError',
    Message: err instanceof Error ? err.message : String(err),
  });

  const actions: Record<string, Handler> = {
    CreateQueue: (b) => {
      const q = store.create(
        String(b.QueueName ?? ''),
        (b.Attributes as Record<string, string>) ?? {},
      );
      return { QueueUrl: queueUrl(q.name) };
    },
    GetQueueUrl: (b) => ({ QueueUrl: queueUrl(store.get(String(b.QueueName ?? '')).name) }),
    ListQueues: (b) => ({
      QueueUrls: [...store.queues.keys()]
        .filter((n) => n.startsWith(String(b.QueueNamePrefix ?? '')))
        .map(queueUrl),
    }),
    DeleteQueue: (b) => {
      store.queues.delete(store.byUrl(b.QueueUrl).name);
      return {};
    },
    GetQueueAttributes: (b) => {
      const q = store.byUrl(b.QueueUrl);
      const c = q.counts();
      const all: Record<string, string> = {
        ...q.attributes,
        QueueArn: `arn:aws:sqs:${LOCAL_REGION}:${LOCAL_ACCOUNT}:${q.name}`,
        ApproximateNumberOfMessages: String(c.visible),
        ApproximateNumberOfMessagesNotVisible: String(c.inFlight),
        ApproximateNumberOfMessagesDelayed: String(c.delayed),
        CreatedTimestamp: String(q.createdAt),
        LastModifiedTimestamp: String(q.createdAt),
      };
      const names = Array.isArray(b.AttributeNames) ? b.AttributeNames.map(String) : [];
      const Attributes = names.includes('All')
        ? all
        : Object.fromEntries(Object.entries(all).filter(([k]) => names.includes(k)));
      return Object.keys(Attributes).length ? { Attributes } : {};
    },
    SetQueueAttributes: (b) => {
      Object.assign(
        store.byUrl(b.QueueUrl).attributes,
        (b.Attributes as Record<string, string>) ?? {},
      );
      return {};
    },
    SendMessage: (b) => sendOne(store.byUrl(b.QueueUrl), b),
    SendMessageBatch: (b) => {
      const q = store.byUrl(b.QueueUrl);
      const Successful: Json[] = [];
      const Failed: Json[] = [];
      for (const e of batchEntries(b)) {
        try {
          Successful.push({ Id: e.Id, ...sendOne(q, e) });
        } catch (err) {
          Failed.push(failure(e.Id, err));
        }
      }
      return { Successful, Failed };
    },
    ReceiveMessage: async (b) => {
      const q = store.byUrl(b.QueueUrl);
      const max = intOf(b.MaxNumberOfMessages, 1, 1, 10, 'MaxNumberOfMessages');
      const wait = intOf(
        b.WaitTimeSeconds,
        Number(q.attributes.ReceiveMessageWaitTimeSeconds ?? 0),
        0,
        MAX_WAIT_SECONDS,
        'WaitTimeSeconds',
      );
      const visibility = intOf(
        b.VisibilityTimeout,
        q.visibilityTimeout,
        0,
        43_200,
        'VisibilityTimeout',
      );
      const deadline = Date.now() + wait * 1000;
      let got = q.receive(max, visibility);
      while (got.length === 0 && Date.now() < deadline && !stopping) {
        await q.waitForMessage(Math.min(deadline - Date.now(), 1000));
        got = q.receive(max, visibility);
      }
      if (got.length === 0) return {};
      const sysNames = [
        ...(Array.isArray(b.AttributeNames) ? b.AttributeNames : []),
        ...(Array.isArray(b.MessageSystemAttributeNames) ? b.MessageSystemAttributeNames : []),
      ];
      return {
        Messages: got.map((m) => {
          const attrs = m.MessageAttributes
            ? wantedAttributes(b.MessageAttributeNames, m.MessageAttributes)
            : {};
          const sys = systemAttributes(sysNames, m);
          const hasAttrs = Object.keys(attrs).length > 0;
          return {
            MessageId: m.MessageId,
            ReceiptHandle: m.receiptHandle,
            MD5OfBody: m.MD5OfBody,
            Body: m.Body,
            ...(sys ? { Attributes: sys } : {}),
            ...(hasAttrs
              ? { MessageAttributes: attrs, MD5OfMessageAttributes: m.MD5OfMessageAttributes }
              : {}),
          };
        }),
      };
    },
    DeleteMessage: (b) => {
      store.byUrl(b.QueueUrl).delete(b.ReceiptHandle);
      return {};
    },
    DeleteMessageBatch: (b) => {
      const q = store.byUrl(b.QueueUrl);
      const Successful: Json[] = [];
      const Failed: Json[] = [];
      for (const e of batchEntries(b)) {
        try {
          q.delete(e.ReceiptHandle);
          Successful.push({ Id: e.Id });
        } catch (err) {
          Failed.push(failure(e.Id, err));
        }
      }
      return { Successful, Failed };
    },
    ChangeMessageVisibility: (b) => {
      store
        .byUrl(b.QueueUrl)
        .changeVisibility(
          b.ReceiptHandle,
          intOf(b.VisibilityTimeout, 0, 0, 43_200, 'VisibilityTimeout'),
        );
      return {};
    },
    PurgeQueue: (b) => {
      store.byUrl(b.QueueUrl).purge();
      return {};
    },
  };

  const send = (
    res: ServerResponse,
    status: number,
    body: Json,
    headers: Record<string, string> = {},
  ): void => {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      'content-type': 'application/x-amz-json-1.0',
      'content-length': Buffer.byteLength(text),
      'x-amzn-requestid': randomUUID(),
      ...headers,
    });
    res.end(text);
  };

  const peek = (req: IncomingMessage, res: ServerResponse): boolean => {
    const m = /^\/_local\/queues(?:\/([^/?]+)\/messages)?\/?(?:\?.*)?$/.exec(req.url ?? '');
    if (req.method !== 'GET' || !m) return false;
    if (!m[1]) {
      send(res, 200, {
        queues: [...store.queues.values()].map((q) => ({
          name: q.name,
          url: queueUrl(q.name),
          ...q.counts(),
        })),
      });
      return true;
    }
    const q = store.queues.get(decodeURIComponent(m[1]));
    if (!q) {
      send(res, 404, { message: `No queue ${m[1]}` });
      return true;
    }
    const messages: PeekedMessage[] = [...q.messages.values()].map((x) => ({
      MessageId: x.MessageId,
      Body: x.Body,
      ...(x.MessageAttributes ? { MessageAttributes: x.MessageAttributes } : {}),
      SentTimestamp: x.sentTimestamp,
      ApproximateReceiveCount: x.receiveCount,
    }));
    send(res, 200, { messages });
    return true;
  };

  const server = createServer((req, res) => {
    if (peek(req, res)) return;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const target = String(req.headers['x-amz-target'] ?? '');
      const action = target.startsWith('AmazonSQS.') ? target.slice('AmazonSQS.'.length) : '';
      const handler = actions[action];
      void (async () => {
        try {
          if (req.method !== 'POST' || !handler) {
            throw new SqsError(
              'UnsupportedOperation',
              'AWS.SimpleQueueService.UnsupportedOperation',
              `Unsupported operation ${target || req.method}`,
            );
          }
          const text = Buffer.concat(chunks).toString('utf8');
          send(res, 200, await handler(text ? (JSON.parse(text) as Json) : {}));
        } catch (err) {
          const e =
            err instanceof SqsError
              ? err
              : new SqsError('InternalError', 'InternalError', String(err), 500);
          send(
            res,
            e.status,
            { __type: `com.amazonaws.sqs#${e.code}`, message: e.message },
            { 'x-amzn-query-error': `${e.queryCode};${e.status < 500 ? 'Sender' : 'Receiver'}` },
          );
        }
      })();
    });
  });
  const port = await listen(server, opts.port ?? 0);
  endpoint = `http://${LOOPBACK}:${port}`;
  return {
    endpoint,
    store,
    queueUrl,
    async stop() {
      stopping = true;
      store.queues.forEach((q) => q.wakeAll());
      await closeServer(server);
    },
  };
}
