import { randomUUID } from 'node:crypto';
import { appendFileSync, mkdirSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import type { DeliveryStreamDef } from '../template/types';
import { FirehoseJournal } from './firehose-journal';
import { parseLayout, partitionValue, type ArchiveLayout } from './firehose-layout';
import { createParquetWriter, type ParquetWriter } from './firehose-parquet';
import { closeServer, listen, LOOPBACK } from './net';

/**
 * A small Amazon Data Firehose stand-in speaking the AWS JSON 1.1 protocol that
 * @aws-sdk/client-firehose uses (`X-Amz-Target: Firehose_20150804.<Action>`): PutRecord,
 * PutRecordBatch, DescribeDeliveryStream, ListDeliveryStreams. It runs the template's delivery
 * streams into a local folder that stands for their bucket: records are kept durably on arrival
 * (firehose-journal.ts), and on the buffer hints, on `POST /_local/flush` and on stop they are
 * partitioned as the template's prefix and JQ query say and written as Parquet (DuckDB) in the
 * Glue table's columns. Records that cannot be partitioned or parsed go under the error prefix,
 * as JSON lines, as Firehose does.
 *
 * Buffer hints are capped locally (LOCAL_BUFFER): AWS needs 64 MiB / 60 s for Parquet, a
 * developer wants to query what just happened.
 */

export const LOCAL_BUFFER = { seconds: 5, mb: 1 };

/** Firehose's limits on one call. */
const MAX_BATCH_RECORDS = 500;
const MAX_BATCH_BYTES = 4 * 1024 * 1024;
const MAX_RECORD_BYTES = 1000 * 1024;
/** Firehose bills ingestion in 5 KB steps per record. */
const BILLING_UNIT = 5 * 1024;

type Json = Record<string, unknown>;

class FirehoseError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

export interface FlushReport {
  /** Records written as Parquet and to the error prefix, per stream. */
  [stream: string]: { records: number; files: number; errors: number };
}

/** What the stand-in accepted since it started (the benchmark prices it). */
export interface FirehoseStats {
  records: number;
  bytes: number;
  /** Bytes as Firehose bills ingestion: each record rounded up to the next 5 KB. */
  billedBytes: number;
}

export interface FirehoseService {
  endpoint: string;
  stats(): FirehoseStats;
  /** The folder standing for the destination bucket. */
  bucketDir: string;
  /** Writes out everything buffered now. */
  flush(): Promise<FlushReport>;
  stop(): Promise<void>;
}

export interface FirehoseOptions {
  streams: DeliveryStreamDef[];
  /** Root of the local bucket: prefixes are laid out below it. */
  bucketDir: string;
  port?: number;
  /** Caps on the template's buffer hints; LOCAL_BUFFER by default. */
  buffer?: { seconds: number; mb: number };
  /** Fault injection (tests): an ErrorCode fails that record of a PutRecordBatch. */
  fault?: (stream: string, data: Buffer) => string | undefined;
  log?: (line: string) => void;
}

interface Stream {
  def: DeliveryStreamDef;
  layout: ArchiveLayout;
  journal: FirehoseJournal;
  writer: ParquetWriter;
  limits: { ms: number; bytes: number };
  /** Flushes run one after another. */
  flushing: Promise<unknown>;
}

const stamp = (d: Date): string => d.toISOString().slice(0, 19).replace(/[T:]/g, '-');

export async function startFirehose(opts: FirehoseOptions): Promise<FirehoseService> {
  const log = opts.log ?? (() => undefined);
  const cap = opts.buffer ?? LOCAL_BUFFER;
  const streams = new Map<string, Stream>();
  for (const def of opts.streams) {
    if (def.format !== 'parquet') {
      throw new Error(`${def.logicalId}: only delivery streams that write Parquet run locally`);
    }
    const layout = parseLayout(def.prefix, def.partitionQuery);
    const control = join(opts.bucketDir, '.firehose', def.name);
    streams.set(def.name, {
      def,
      layout,
      journal: new FirehoseJournal(join(control, 'journal')),
      writer: await createParquetWriter({
        compression: def.compression,
        scratchDir: join(control, 'scratch'),
      }),
      limits: {
        ms: Math.min(def.bufferSeconds, cap.seconds) * 1000,
        bytes: Math.min(def.bufferMB, cap.mb) * 1024 * 1024,
      },
      flushing: Promise.resolve(),
    });
  }

  async function writeOut(
    s: Stream,
    file: string,
  ): Promise<{ records: number; files: number; errors: number }> {
    const now = new Date();
    const groups = new Map<string, Record<string, unknown>[]>();
    const errors: string[] = [];
    for (const data of FirehoseJournal.read(file)) {
      let record: unknown;
      try {
        record = JSON.parse(data.toString('utf8'));
      } catch {
        record = undefined;
      }
      const values =
        typeof record === 'object' && record !== null && !Array.isArray(record)
          ? s.layout.keys.map((k) => partitionValue(record as Json, k))
          : undefined;
      if (!values || values.some((v) => v === undefined || v.includes('/'))) {
        errors.push(
          JSON.stringify({
            rawData: data.toString('base64'),
            errorCode: 'DynamicPartitioning.MetadataExtractionFailed',
          }),
        );
        continue;
      }
      const folder = s.layout.base + s.layout.keys.map((k, i) => `${k.key}=${values[i]}/`).join('');
      groups.set(folder, [...(groups.get(folder) ?? []), record as Json]);
    }
    let files = 0;
    let records = 0;
    for (const [folder, group] of groups) {
      const name = `${s.def.name}-1-${stamp(now)}-${randomUUID()}${s.def.fileExtension}`;
      await s.writer.write(join(opts.bucketDir, folder, name), group);
      files++;
      records += group.length;
    }
    // Keeps a partition from piling up the small files of frequent local flushes.
    for (const folder of groups.keys()) {
      const merged = `${s.def.name}-1-${stamp(now)}-${randomUUID()}-compacted${s.def.fileExtension}`;
      await s.writer.compact(join(opts.bucketDir, folder), merged);
    }
    if (errors.length > 0) {
      const prefix = s.def.errorPrefix
        .replace('!{firehose:error-output-type}', 'partitioning-failed')
        .replace(/!\{timestamp:[^}]*\}/g, now.toISOString().slice(0, 10));
      const dir = join(opts.bucketDir, prefix);
      mkdirSync(dir, { recursive: true });
      appendFileSync(join(dir, `${s.def.name}-${stamp(now)}.jsonl`), errors.join('\n') + '\n');
      log(
        `firehose: ${errors.length} record(s) of ${s.def.name} could not be partitioned (see ${prefix})`,
      );
    }
    FirehoseJournal.done(file);
    return { records, files, errors: errors.length };
  }

  /** Flushes what a crash left aside, then the buffer; one flush per stream at a time. */
  function flushStream(s: Stream): Promise<{ records: number; files: number; errors: number }> {
    const run = s.flushing.then(async () => {
      const total = { records: 0, files: 0, errors: 0 };
      s.journal.rotate();
      for (const file of s.journal.pendingFlushes()) {
        const r = await writeOut(s, file);
        total.records += r.records;
        total.files += r.files;
        total.errors += r.errors;
      }
      return total;
    });
    s.flushing = run.catch((err: unknown) =>
      log(`firehose: flush of ${s.def.name} failed: ${String(err)}`),
    );
    return run;
  }

  async function flush(): Promise<FlushReport> {
    const report: FlushReport = {};
    for (const s of streams.values()) report[s.def.name] = await flushStream(s);
    return report;
  }

  const due = (s: Stream): boolean => {
    const p = s.journal.pending();
    return (
      p.records > 0 && (p.bytes >= s.limits.bytes || Date.now() - (p.since ?? 0) >= s.limits.ms)
    );
  };
  // What a crash left behind goes out first.
  for (const s of streams.values()) {
    if (s.journal.pendingFlushes().length > 0 || s.journal.pending().records > 0)
      void flushStream(s).catch(() => undefined);
  }
  const timer = setInterval(() => {
    for (const s of streams.values()) if (due(s)) void flushStream(s).catch(() => undefined);
  }, 250);
  timer.unref();

  const byName = (b: Json): Stream => {
    const name = String(b.DeliveryStreamName ?? '');
    const s = streams.get(name);
    if (!s) {
      throw new FirehoseError(
        'ResourceNotFoundException',
        `Firehose ${name} under account 000000000000 not found.`,
      );
    }
    return s;
  };
  const decode = (r: unknown): Buffer => {
    const data = (r as Json | undefined)?.Data;
    if (typeof data !== 'string')
      throw new FirehoseError('InvalidArgumentException', 'Record.Data is required');
    const buf = Buffer.from(data, 'base64');
    if (buf.length > MAX_RECORD_BYTES) {
      throw new FirehoseError(
        'InvalidArgumentException',
        `Record size ${buf.length} exceeds ${MAX_RECORD_BYTES} bytes`,
      );
    }
    return buf;
  };
  const stats: FirehoseStats = { records: 0, bytes: 0, billedBytes: 0 };
  const accept = (s: Stream, data: Buffer[]): void => {
    s.journal.append(data);
    for (const d of data) {
      stats.records++;
      stats.bytes += d.length;
      stats.billedBytes += Math.ceil(d.length / BILLING_UNIT) * BILLING_UNIT;
    }
    if (s.journal.pending().bytes >= s.limits.bytes) void flushStream(s).catch(() => undefined);
  };

  const actions: Record<string, (b: Json) => Json> = {
    PutRecord: (b) => {
      const s = byName(b);
      accept(s, [decode(b.Record)]);
      return { RecordId: randomUUID(), Encrypted: false };
    },
    PutRecordBatch: (b) => {
      const s = byName(b);
      const records = Array.isArray(b.Records) ? b.Records : [];
      if (records.length < 1 || records.length > MAX_BATCH_RECORDS) {
        throw new FirehoseError(
          'InvalidArgumentException',
          `Records must hold 1 to ${MAX_BATCH_RECORDS} records`,
        );
      }
      const data = records.map(decode);
      if (data.reduce((n, d) => n + d.length, 0) > MAX_BATCH_BYTES) {
        throw new FirehoseError(
          'InvalidArgumentException',
          `A batch may hold at most ${MAX_BATCH_BYTES} bytes`,
        );
      }
      const accepted: Buffer[] = [];
      const RequestResponses = data.map((d) => {
        const code = opts.fault?.(s.def.name, d);
        if (code) return { ErrorCode: code, ErrorMessage: `Injected ${code}` };
        accepted.push(d);
        return { RecordId: randomUUID() };
      });
      accept(s, accepted);
      return { FailedPutCount: data.length - accepted.length, Encrypted: false, RequestResponses };
    },
    DescribeDeliveryStream: (b) => {
      const { def } = byName(b);
      return {
        DeliveryStreamDescription: {
          DeliveryStreamName: def.name,
          DeliveryStreamARN: def.arn,
          DeliveryStreamStatus: 'ACTIVE',
          DeliveryStreamType: 'DirectPut',
          VersionId: '1',
          Destinations: [],
          HasMoreDestinations: false,
        },
      };
    },
    ListDeliveryStreams: () => ({
      DeliveryStreamNames: [...streams.keys()],
      HasMoreDeliveryStreams: false,
    }),
  };

  const send = (res: ServerResponse, status: number, body: Json): void => {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      'content-type': 'application/x-amz-json-1.1',
      'content-length': Buffer.byteLength(text),
      'x-amzn-requestid': randomUUID(),
    });
    res.end(text);
  };

  const local = (req: IncomingMessage, res: ServerResponse): boolean => {
    const path = (req.url ?? '').split('?')[0];
    if (req.method === 'POST' && path === '/_local/flush') {
      flush().then(
        (report) => send(res, 200, { flushed: report }),
        (err: unknown) => send(res, 500, { message: String(err) }),
      );
      return true;
    }
    if (req.method === 'GET' && path === '/_local/streams') {
      send(res, 200, {
        bucketDir: opts.bucketDir,
        streams: [...streams.values()].map((s) => ({
          name: s.def.name,
          ...s.journal.pending(),
          limits: s.limits,
        })),
      });
      return true;
    }
    return false;
  };

  const server = createServer((req, res) => {
    if (local(req, res)) return;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const target = String(req.headers['x-amz-target'] ?? '');
      const action = target.startsWith('Firehose_20150804.') ? target.slice(18) : '';
      try {
        const handler = actions[action];
        if (req.method !== 'POST' || !handler) {
          throw new FirehoseError(
            'UnknownOperationException',
            `Unsupported operation ${target || req.method}`,
          );
        }
        const text = Buffer.concat(chunks).toString('utf8');
        send(res, 200, handler(text ? (JSON.parse(text) as Json) : {}));
      } catch (err) {
        const e =
          err instanceof FirehoseError
            ? err
            : new FirehoseError('ServiceUnavailableException', String(err), 500);
        send(res, e.status, { __type: e.code, message: e.message });
      }
    });
  });
  const port = await listen(server, opts.port ?? 0);
  let stopped = false;
  return {
    endpoint: `http://${LOOPBACK}:${port}`,
    bucketDir: opts.bucketDir,
    stats: () => ({ ...stats }),
    flush,
    async stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      await closeServer(server);
      // What was acknowledged is written out before the stack is gone (Ctrl-C included).
      await flush().catch((err: unknown) => log(`firehose: final flush failed: ${String(err)}`));
      for (const s of streams.values()) s.writer.close();
    },
  };
}
