/**
 * An HTTP proxy in front of DynamoDB Local (installed with startLocalStack's `interpose`) that
 * injects faults the way DynamoDB shows them to the SDK:
 * - throttling: HTTP 400 with `ProvisionedThroughputExceededException` or `ThrottlingException`
 *   as `__type`, without passing the request on, for a while;
 * - a signal once the k-th matching write has been answered, which a test turns into a crash
 *   or timeout of the function that made it (local/runtime `Interruption`).
 * Everything else passes through byte for byte. DynamoDB Streams calls (the event source's
 * poller) are never touched: the faults are the tables'.
 */
import { Agent, type IncomingMessage, type ServerResponse } from 'node:http';
import {
  DYNAMODB_WRITES as WRITES,
  forward,
  startBufferingServer,
} from '../../../local/services/proxy-server';
import type { Rng } from '../../../sources/demo/rng';

const TABLE_API = 'DynamoDB_20120810';

/** What the proxy knows about one request. */
export interface DynamoRequest {
  operation: string;
  /** Tables the request touches (TableName, RequestItems keys, TransactItems' tables). */
  tables: string[];
  write: boolean;
}

export type RequestMatcher = (r: DynamoRequest) => boolean;

export const THROTTLE_ERRORS = {
  ProvisionedThroughputExceededException: {
    __type: 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException',
    message:
      'The level of configured provisioned throughput for the table was exceeded. Consider increasing your provisioning level with the UpdateTable API.',
  },
  ThrottlingException: {
    __type: 'com.amazon.coral.availability#ThrottlingException',
    message: 'Rate of requests exceeds the allowed throughput.',
  },
} as const;

interface ThrottleRule {
  match: RequestMatcher;
  forMs: number;
  /** Set by the first matching request: the window runs from then. */
  startedAt?: number;
  rng: Rng;
}

interface WriteTrigger {
  match: RequestMatcher;
  remaining: number;
  fire: () => void;
}

export interface DynamoFaultProxy {
  endpoint: string;
  /**
   * Throttles every request `match` accepts for `forMs` from the first one it sees, each answered
   * with one of the two throttling errors (chosen by `rng`).
   */
  throttle(match: RequestMatcher, forMs: number, rng: Rng): void;
  /** Resolves once the k-th request from now that `match` accepts has been answered (k >= 1). */
  afterWrites(match: RequestMatcher, k: number): Promise<void>;
  /** Drops pending afterWrites triggers of `match` (they never resolve). */
  disarm(match: RequestMatcher): void;
  /** A running count of the requests `match` accepts that were answered, from now on. */
  counter(match: RequestMatcher): () => number;
  /** Requests answered with a throttling error, by error name. */
  throttled(): Record<string, number>;
  stop(): Promise<void>;
}

function describe(target: string, body: Buffer): DynamoRequest {
  const operation = target.startsWith(`${TABLE_API}.`) ? target.slice(TABLE_API.length + 1) : '';
  if (!operation) return { operation: target, tables: [], write: false };
  const tables = new Set<string>();
  try {
    const json = JSON.parse(body.toString('utf8')) as {
      TableName?: string;
      RequestItems?: Record<string, unknown>;
      TransactItems?: Record<string, { TableName?: string }>[];
    };
    if (json.TableName) tables.add(json.TableName);
    Object.keys(json.RequestItems ?? {}).forEach((t) => tables.add(t));
    for (const item of json.TransactItems ?? []) {
      for (const op of Object.values(item)) if (op.TableName) tables.add(op.TableName);
    }
  } catch {
    // Not JSON: no tables, so no rule matches it.
  }
  return { operation, tables: [...tables], write: WRITES.has(operation) };
}

/** Starts the proxy on a free loopback port in front of `target` (DynamoDB Local). */
export async function startDynamoFaultProxy(target: string): Promise<DynamoFaultProxy> {
  const url = new URL(target);
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const rules: ThrottleRule[] = [];
  let triggers: WriteTrigger[] = [];
  const counters: { match: RequestMatcher; n: number }[] = [];
  const throttled: Record<string, number> = {};

  const throttleError = (r: DynamoRequest): string | undefined => {
    if (!r.operation || r.tables.length === 0) return undefined;
    const now = Date.now();
    for (const rule of rules) {
      if (!rule.match(r)) continue;
      rule.startedAt ??= now;
      if (now - rule.startedAt >= rule.forMs) continue;
      return rule.rng.chance(0.5)
        ? 'ProvisionedThroughputExceededException'
        : 'ThrottlingException';
    }
    return undefined;
  };

  const answered = (r: DynamoRequest, status: number): void => {
    if (status !== 200) return;
    for (const c of counters) if (c.match(r)) c.n += 1;
    for (const t of triggers) {
      if (t.remaining > 0 && t.match(r) && --t.remaining === 0) t.fire();
    }
    triggers = triggers.filter((t) => t.remaining > 0);
  };

  const handle = (req: IncomingMessage, res: ServerResponse, body: Buffer): void => {
    const info = describe(String(req.headers['x-amz-target'] ?? ''), body);
    const error = throttleError(info);
    if (error) {
      throttled[error] = (throttled[error] ?? 0) + 1;
      const payload = Buffer.from(
        JSON.stringify(THROTTLE_ERRORS[error as keyof typeof THROTTLE_ERRORS]),
      );
      res.writeHead(400, {
        'content-type': 'application/x-amz-json-1.0',
        'content-length': String(payload.length),
        'x-amzn-requestid': `fault-${Date.now()}`,
      });
      res.end(payload);
      return;
    }
    forward({ target: url, agent }, req, res, body, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
      up.on('end', () => answered(info, up.statusCode ?? 502));
    });
  };

  const server = await startBufferingServer(handle);

  return {
    endpoint: server.endpoint,
    throttle(match, forMs, rng) {
      rules.push({ match, forMs, rng });
    },
    afterWrites(match, k) {
      return new Promise<void>((fire) => triggers.push({ match, remaining: Math.max(1, k), fire }));
    },
    disarm(match) {
      triggers = triggers.filter((t) => t.match !== match);
    },
    counter(match) {
      const c = { match, n: 0 };
      counters.push(c);
      return () => c.n;
    },
    throttled: () => ({ ...throttled }),
    stop: async () => {
      agent.destroy();
      await server.stop();
    },
  };
}

/**
 * Writes that count posts (PersistFunction, in the executions Ingest starts, and a delete's
 * transaction in Ingest are the writers of StatsTable in the pipeline).
 */
export const countingWrites =
  (statsTable: string): RequestMatcher =>
  (r) =>
    r.write && r.tables.includes(statsTable);

/** Every table call of the pipeline's functions (reads and writes). */
export const tableCalls =
  (tables: string[]): RequestMatcher =>
  (r) =>
    r.tables.some((t) => tables.includes(t));
