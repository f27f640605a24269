import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FirehoseClient, PutRecordBatchCommand, PutRecordCommand } from '@aws-sdk/client-firehose';
import { archiveRecordOf } from '../../../../functions/domain/archive';
import type { EnrichedPost } from '../../../../functions/domain/workflow';
import { openArchive } from '../../../../functions/history/duckdb-archive';
import { FirehoseJournal } from '../../../../local/services/firehose-journal';
import { parseLayout } from '../../../../local/services/firehose-layout';
import { COMPACTION } from '../../../../local/services/firehose-parquet';
import { type FirehoseService, startFirehose } from '../../../../local/services/firehose';
import { resolveTemplate } from '../../../../local/template';
import { findRepoRoot } from '../../../../local/paths';

/** The local Firehose stand-in, driven by the template's delivery stream, with the real SDK. */

const root = findRepoRoot();
const [stream] = resolveTemplate({ root, skipDefinitions: true }).deliveryStreams;
const viewSql = readFileSync(join(root, 'functions', 'history', 'posts-view.sql'), 'utf8');
const NAME = stream!.name;

const post = (i: number, createdAt: string, extra: Partial<EnrichedPost> = {}): EnrichedPost => ({
  id: `demo:${i}`,
  source: 'demo',
  text: `post ${i}`,
  createdAt,
  author: { id: `a${i}` },
  hashtags: [{ key: 'aws', display: 'AWS' }],
  cashtags: [],
  enrichStatus: 'OK',
  sentiment: 'NEUTRAL',
  ...extra,
});
const data = (p: EnrichedPost, at = new Date('2026-11-22T15:00:00Z')): Uint8Array =>
  new TextEncoder().encode(`${JSON.stringify(archiveRecordOf(p, at))}\n`);

const parquetFiles = (dir: string): string[] =>
  existsSync(dir)
    ? readdirSync(dir, { recursive: true, encoding: 'utf8' })
        .filter((f) => f.endsWith('.parquet'))
        .sort()
    : [];

describe('local Firehose stand-in', () => {
  let dir: string;
  let service: FirehoseService | undefined;
  let client: FirehoseClient;
  const start = async (opts: Partial<Parameters<typeof startFirehose>[0]> = {}) => {
    service = await startFirehose({
      streams: [stream!],
      bucketDir: dir,
      buffer: { seconds: 60, mb: 64 },
      ...opts,
    });
    client = new FirehoseClient({
      endpoint: service.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 1,
    });
    return service;
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'firehose-test-'));
  });
  afterEach(async () => {
    await service?.stop();
    service = undefined;
    client?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads the layout from the template: posts/dt=.../hour=... cut from created_at', () => {
    expect(parseLayout(stream!.prefix, stream!.partitionQuery)).toEqual({
      base: 'posts/',
      keys: [
        { key: 'dt', field: 'created_at', slice: [0, 10] },
        { key: 'hour', field: 'created_at', slice: [11, 13] },
      ],
    });
    expect(() => parseLayout('posts/!{timestamp:yyyy}/', undefined)).toThrow(
      /no dynamic partitioning/,
    );
    expect(() =>
      parseLayout('p/dt=!{partitionKeyFromQuery:dt}/', '{dt: .a | strftime("%Y")}'),
    ).toThrow(/beyond the local stand-in/);
  });

  it('writes acknowledged records as Parquet in their event-time partitions on flush', async () => {
    await start();
    const out = await client.send(
      new PutRecordBatchCommand({
        DeliveryStreamName: NAME,
        Records: [
          { Data: data(post(1, '2026-11-22T14:05:00Z')) },
          { Data: data(post(2, '2026-11-22T14:59:59Z')) },
          { Data: data(post(3, '2026-11-23T00:00:00+01:00')) },
        ],
      }),
    );
    expect(out.FailedPutCount).toBe(0);
    await client.send(
      new PutRecordCommand({
        DeliveryStreamName: NAME,
        Record: { Data: data(post(4, '2026-11-21T09:00:00Z')) },
      }),
    );
    expect(parquetFiles(dir)).toEqual([]);
    expect(await service!.flush()).toEqual({ [NAME]: { records: 4, files: 3, errors: 0 } });
    const files = parquetFiles(join(dir, 'posts'));
    expect(files.map((f) => f.replace(/\/[^/]+$/, ''))).toEqual([
      'dt=2026-11-21/hour=09',
      'dt=2026-11-22/hour=14',
      'dt=2026-11-22/hour=23',
    ]);
    expect(files[0]).toMatch(
      new RegExp(`/${NAME}-1-\\d{4}-\\d{2}-\\d{2}-\\d{2}-\\d{2}-\\d{2}-[0-9a-f-]{36}\\.parquet$`),
    );
    const db = await openArchive({ tableDir: join(dir, 'posts'), viewSql });
    try {
      const rows = (
        await db.query('SELECT id, created_at, dt, hour, sentiment FROM posts ORDER BY id')
      ).rows;
      expect(rows).toEqual([
        {
          id: 'demo:1',
          created_at: '2026-11-22T14:05:00.000Z',
          dt: '2026-11-22',
          hour: 14,
          sentiment: 'NEUTRAL',
        },
        {
          id: 'demo:2',
          created_at: '2026-11-22T14:59:59.000Z',
          dt: '2026-11-22',
          hour: 14,
          sentiment: 'NEUTRAL',
        },
        {
          id: 'demo:3',
          created_at: '2026-11-22T23:00:00.000Z',
          dt: '2026-11-22',
          hour: 23,
          sentiment: 'NEUTRAL',
        },
        {
          id: 'demo:4',
          created_at: '2026-11-21T09:00:00.000Z',
          dt: '2026-11-21',
          hour: 9,
          sentiment: 'NEUTRAL',
        },
      ]);
    } finally {
      db.close();
    }
  });

  it('flushes on its buffer size and on its buffer time, and writes everything out on stop', async () => {
    // 0.0006 MB is about 630 bytes: two records of about 420 bytes go out at once, one waits.
    await start({ buffer: { seconds: 0.5, mb: 0.0006 } });
    const small = data(post(1, '2026-11-22T14:05:00Z'));
    await client.send(
      new PutRecordBatchCommand({
        DeliveryStreamName: NAME,
        Records: [{ Data: small }, { Data: small }],
      }),
    );
    for (let i = 0; i < 40 && parquetFiles(dir).length === 0; i++)
      await new Promise((r) => setTimeout(r, 50));
    expect(parquetFiles(dir)).toHaveLength(1); // over the size: at once
    await client.send(
      new PutRecordCommand({
        DeliveryStreamName: NAME,
        Record: { Data: data(post(5, '2026-11-22T15:00:00Z')) },
      }),
    );
    const sent = Date.now();
    await new Promise((r) => setTimeout(r, 200));
    expect(parquetFiles(dir)).toHaveLength(1);
    for (let i = 0; i < 60 && parquetFiles(dir).length === 1; i++)
      await new Promise((r) => setTimeout(r, 50));
    expect(parquetFiles(dir)).toHaveLength(2); // after half a second
    expect(Date.now() - sent).toBeGreaterThanOrEqual(450);
    await client.send(
      new PutRecordCommand({
        DeliveryStreamName: NAME,
        Record: { Data: data(post(6, '2026-11-22T16:00:00Z')) },
      }),
    );
    await service!.stop();
    service = undefined;
    expect(parquetFiles(dir)).toHaveLength(3);
  });

  it('merges the small files of a partition as they pile up, losing and doubling nothing', async () => {
    await start();
    for (let i = 0; i < COMPACTION.smallFiles + 4; i++) {
      await client.send(
        new PutRecordCommand({
          DeliveryStreamName: NAME,
          Record: { Data: data(post(i, '2026-11-22T14:05:00Z')) },
        }),
      );
      await service!.flush();
    }
    const files = parquetFiles(join(dir, 'posts'));
    expect(files.length).toBeLessThan(COMPACTION.smallFiles);
    expect(files.filter((f) => f.endsWith('-compacted.parquet'))).toHaveLength(1);
    const db = await openArchive({ tableDir: join(dir, 'posts'), viewSql });
    try {
      expect(
        (await db.query('SELECT count(*) AS n, count(DISTINCT id) AS ids FROM posts_archive')).rows,
      ).toEqual([{ n: COMPACTION.smallFiles + 4, ids: COMPACTION.smallFiles + 4 }]);
    } finally {
      db.close();
    }
  });

  it('keeps what it acknowledged across a crash: a new stand-in on the folder writes it out', async () => {
    // What a killed stand-in leaves: a buffer, and a flush it did not finish.
    const journal = new FirehoseJournal(join(dir, '.firehose', NAME, 'journal'));
    journal.append([Buffer.from(data(post(1, '2026-11-22T14:05:00Z')))]);
    journal.rotate();
    journal.append([Buffer.from(data(post(2, '2026-11-22T14:06:00Z')))]);
    expect(new FirehoseJournal(join(dir, '.firehose', NAME, 'journal')).pending().records).toBe(1);
    await start();
    await service!.flush();
    const db = await openArchive({ tableDir: join(dir, 'posts'), viewSql });
    try {
      expect((await db.query('SELECT id FROM posts ORDER BY id')).rows).toEqual([
        { id: 'demo:1' },
        { id: 'demo:2' },
      ]);
    } finally {
      db.close();
    }
    expect(
      readdirSync(join(dir, '.firehose', NAME, 'journal')).filter((f) => f.startsWith('flushing')),
    ).toEqual([]);
  });

  it('sends records it cannot partition to the error prefix, as Firehose does', async () => {
    await start();
    await client.send(
      new PutRecordBatchCommand({
        DeliveryStreamName: NAME,
        Records: [
          { Data: new TextEncoder().encode('{"id":"no-time"}') },
          { Data: new TextEncoder().encode('not json') },
        ],
      }),
    );
    expect(await service!.flush()).toEqual({ [NAME]: { records: 0, files: 0, errors: 2 } });
    const errors = readdirSync(join(dir, 'errors', 'partitioning-failed'), {
      recursive: true,
      encoding: 'utf8',
    });
    expect(errors.some((f) => f.endsWith('.jsonl'))).toBe(true);
  });

  it('answers errors as Firehose: an unknown stream, an oversized batch, injected record failures', async () => {
    let n = 0;
    await start({ fault: () => (n++ % 2 === 1 ? 'ServiceUnavailableException' : undefined) });
    await expect(
      client.send(
        new PutRecordBatchCommand({
          DeliveryStreamName: 'nope',
          Records: [{ Data: data(post(1, '2026-11-22T14:00:00Z')) }],
        }),
      ),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    await expect(
      client.send(
        new PutRecordBatchCommand({
          DeliveryStreamName: NAME,
          Records: Array.from({ length: 501 }, () => ({
            Data: data(post(1, '2026-11-22T14:00:00Z')),
          })),
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidArgumentException' });
    const out = await client.send(
      new PutRecordBatchCommand({
        DeliveryStreamName: NAME,
        Records: [1, 2, 3, 4].map((i) => ({ Data: data(post(i, '2026-11-22T14:00:00Z')) })),
      }),
    );
    expect(out.FailedPutCount).toBe(2);
    expect(out.RequestResponses?.map((r) => r.ErrorCode ?? 'ok')).toEqual([
      'ok',
      'ServiceUnavailableException',
      'ok',
      'ServiceUnavailableException',
    ]);
    expect(await service!.flush()).toEqual({ [NAME]: { records: 2, files: 1, errors: 0 } });
  });
});
