/**
 * A pass-through HTTP proxy in front of a local AWS-protocol service (DynamoDB Local, kinesalite)
 * that counts calls per operation (`X-Amz-Target`). For DynamoDB data-plane calls it also adds
 * `ReturnConsumedCapacity: TOTAL` to the request and sums the `ConsumedCapacity` DynamoDB Local
 * reports, so capacity units are measured, not estimated, except a TransactWriteItems call's: DynamoDB
 * Local reports one item's units for the whole call, so those are worked out from the request
 * (write-units.ts) as DynamoDB bills them. Responses are passed on byte for byte
 * (the SDK checks DynamoDB's x-amz-crc32 of the body); local services do not check signatures,
 * so changing the request body is safe here and only here.
 */
import { Agent, type IncomingMessage, type ServerResponse } from 'node:http';
import {
  DYNAMODB_READS as READS,
  DYNAMODB_WRITES as WRITES,
  forward,
  startBufferingServer,
} from '../local/services/proxy-server';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { createDynamoDbClient } from '../local/services/dynamodb';
import { WriteUnits, type IndexShape } from './write-units';

export interface ProxyCounts {
  /** Calls per operation, e.g. `DynamoDB_20120810.PutItem`, `Kinesis_20131202.GetRecords`. */
  calls: Record<string, number>;
  /** Capacity units DynamoDB reported per operation (DynamoDB only). */
  capacity: Record<string, number>;
  /** The same per table and operation, keyed `<table> <operation>` (e.g. who reads what). */
  capacityByTable: Record<string, number>;
  readUnits: number;
  writeUnits: number;
  /**
   * Items a write call asked for, per operation (DynamoDB only; cancelled transactions included):
   * what DynamoDB Local's single write queue has to get through.
   */
  itemsWritten: Record<string, number>;
  /** Calls whose response carried no ConsumedCapacity (failed calls, e.g. cancelled transactions). */
  unmetered: number;
  /** Summed round-trip time per operation through the proxy, ms (where the time goes). */
  ms: Record<string, number>;
  /** Like `ms`, each call rounded up to `roundUpMs` first (a billing granularity). */
  billedMs: Record<string, number>;
}

export interface CountingProxyOptions {
  /** Granularity of `billedMs`, e.g. 100 for Step Functions Express executions (default 1). */
  roundUpMs?: number;
}

export interface CountingProxy {
  endpoint: string;
  counts(): ProxyCounts;
  stop(): Promise<void>;
}

interface Consumed {
  TableName?: string;
  CapacityUnits?: number;
}

const entriesOf = (c: unknown): Consumed[] =>
  Array.isArray(c) ? (c as Consumed[]) : c && typeof c === 'object' ? [c as Consumed] : [];

const sumConsumed = (c: unknown): number | undefined => {
  if (Array.isArray(c))
    return c.reduce<number>((s, x) => s + ((x as Consumed).CapacityUnits ?? 0), 0);
  if (c && typeof c === 'object') return (c as Consumed).CapacityUnits ?? 0;
  return undefined;
};

/** Items of one write request: a transaction's, a batch's (every table), else one. */
function itemsOf(op: string, json: Record<string, unknown>): number {
  if (op === 'TransactWriteItems')
    return (json.TransactItems as unknown[] | undefined)?.length ?? 0;
  if (op === 'BatchWriteItem') {
    const tables = Object.values((json.RequestItems ?? {}) as Record<string, unknown[]>);
    return tables.reduce((n, requests) => n + requests.length, 0);
  }
  return 1;
}

/** Starts the proxy on a free loopback port; `target` is the service's real endpoint. */
export async function startCountingProxy(
  target: string,
  opts: CountingProxyOptions = {},
): Promise<CountingProxy> {
  const roundUpMs = opts.roundUpMs ?? 1;
  const url = new URL(target);
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const counts: ProxyCounts = {
    calls: {},
    capacity: {},
    capacityByTable: {},
    readUnits: 0,
    writeUnits: 0,
    itemsWritten: {},
    unmetered: 0,
    ms: {},
    billedMs: {},
  };

  // Tables' key attributes (to remember item sizes by key) and their indexes' keys (to bill index
  // writes): from DescribeTable, once per table.
  const keySchemas = new Map<string, string[]>();
  const indexSchemas = new Map<string, IndexShape[]>();
  const describer = createDynamoDbClient(target);
  const describe = async (table: string): Promise<void> => {
    if (keySchemas.has(table)) return;
    try {
      const out = await describer.send(new DescribeTableCommand({ TableName: table }));
      const keys = out.Table?.KeySchema ?? [];
      keySchemas.set(
        table,
        keys.map((k) => k.AttributeName ?? ''),
      );
      indexSchemas.set(
        table,
        (out.Table?.GlobalSecondaryIndexes ?? []).map((i) => ({
          keys: (i.KeySchema ?? []).map((k) => k.AttributeName ?? ''),
        })),
      );
    } catch {
      keySchemas.set(table, []);
    }
  };
  const tablesOf = (op: string, json: Record<string, unknown>): string[] => {
    if (op === 'BatchWriteItem') return Object.keys((json.RequestItems ?? {}) as object);
    if (op === 'TransactWriteItems')
      return ((json.TransactItems ?? []) as Record<string, { TableName?: string }>[]).flatMap((t) =>
        Object.values(t).map((x) => x.TableName ?? ''),
      );
    return [String(json.TableName ?? '')];
  };
  const sizes = new WriteUnits(
    (table) => keySchemas.get(table),
    (table) => indexSchemas.get(table) ?? [],
  );
  // In order, so sizes are remembered in the order the writes were answered.
  let accounting = Promise.resolve();

  const handle = (req: IncomingMessage, res: ServerResponse, body: Buffer): void => {
    const amzTarget = String(req.headers['x-amz-target'] ?? 'unknown');
    counts.calls[amzTarget] = (counts.calls[amzTarget] ?? 0) + 1;
    const started = performance.now();
    const [service = '', op = ''] = amzTarget.split('.');
    const metered = service === 'DynamoDB_20120810' && (READS.has(op) || WRITES.has(op));
    // PartiQL: DynamoDB Local reports no capacity for it; its INSERTs are billed from the request.
    const partiql = service === 'DynamoDB_20120810' && op === 'BatchExecuteStatement';
    let out = body;
    let json: Record<string, unknown> = {};
    if (metered) {
      json = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
      json.ReturnConsumedCapacity = 'TOTAL';
      out = Buffer.from(JSON.stringify(json), 'utf8');
      if (WRITES.has(op)) {
        counts.itemsWritten[op] = (counts.itemsWritten[op] ?? 0) + itemsOf(op, json);
      }
    }
    if (partiql) {
      json = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
      counts.itemsWritten[op] =
        (counts.itemsWritten[op] ?? 0) + ((json.Statements as unknown[] | undefined)?.length ?? 0);
    }
    const headers = { ...req.headers, 'content-length': String(out.length) };
    forward(
      { target: url, agent },
      req,
      res,
      out,
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        const chunks: Buffer[] = [];
        up.on('data', (c: Buffer) => {
          if (metered || partiql) chunks.push(c);
          res.write(c);
        });
        up.on('end', () => {
          res.end();
          const took = performance.now() - started;
          counts.ms[amzTarget] = (counts.ms[amzTarget] ?? 0) + took;
          counts.billedMs[amzTarget] =
            (counts.billedMs[amzTarget] ?? 0) + Math.ceil(took / roundUpMs) * roundUpMs;
          if (partiql) {
            let responses: { Error?: unknown; TableName?: string }[] = [];
            try {
              responses =
                (
                  JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
                    Responses?: typeof responses;
                  }
                ).Responses ?? [];
            } catch {
              counts.unmetered++;
              return;
            }
            const statements = (json.Statements ?? []) as { Statement?: string }[];
            const tables = [...new Set(responses.map((r) => r.TableName ?? ''))].filter(Boolean);
            accounting = accounting
              .then(() => Promise.all(tables.map(describe)))
              .then(() => countBilled(op, sizes.inserts(statements as never[], responses)))
              .catch(() => {
                counts.unmetered++;
              });
            return;
          }
          if (!metered) return;
          let units: number | undefined;
          let entries: Consumed[] = [];
          try {
            const parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
              ConsumedCapacity?: unknown;
            };
            units = sumConsumed(parsed.ConsumedCapacity);
            entries = entriesOf(parsed.ConsumedCapacity);
          } catch {
            units = undefined;
          }
          if (units === undefined) {
            counts.unmetered++;
            return;
          }
          if (WRITES.has(op)) {
            const tables = [...new Set(tablesOf(op, json))];
            accounting = accounting
              .then(() => Promise.all(tables.map(describe)))
              .then(() => {
                if (op !== 'TransactWriteItems') return sizes.observe(op, json);
                countBilled(op, sizes.transaction(json.TransactItems as never[]));
              })
              .catch(() => {
                counts.unmetered++;
              });
            if (op === 'TransactWriteItems') return;
          }
          count(op, entries, units);
        });
      },
      headers,
    );
  };

  const count = (op: string, entries: Consumed[], units: number): void => {
    counts.capacity[op] = (counts.capacity[op] ?? 0) + units;
    for (const e of entries) {
      const key = `${e.TableName ?? '?'} ${op}`;
      counts.capacityByTable[key] = (counts.capacityByTable[key] ?? 0) + (e.CapacityUnits ?? 0);
    }
    if (READS.has(op)) counts.readUnits += units;
    else counts.writeUnits += units;
  };

  /** Units worked out from the request (write-units.ts) rather than reported, per table. */
  const countBilled = (op: string, byTable: Record<string, number>): void => {
    const billed = Object.entries(byTable);
    count(
      op,
      billed.map(([TableName, CapacityUnits]) => ({ TableName, CapacityUnits })),
      billed.reduce((n, [, u]) => n + u, 0),
    );
  };

  const server = await startBufferingServer(handle);
  return {
    endpoint: server.endpoint,
    counts: () => structuredClone(counts),
    stop: async () => {
      await accounting;
      describer.destroy();
      agent.destroy();
      await server.stop();
    },
  };
}
