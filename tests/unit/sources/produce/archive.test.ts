import { EventEmitter } from 'node:events';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { Writable } from 'node:stream';
import { DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { archivePartition, archiveRecordOf } from '../../../../functions/domain/archive';
import { parseAndNormalize } from '../../../../functions/domain/normalize/index';
import type { EnrichedPost } from '../../../../functions/domain/workflow';
import { createParquetWriter } from '../../../../local/services/firehose-parquet';
import { partitionKeyFor } from '../../../../functions/social/kinesis/partition-key';
import { runProduce } from '../../../../sources/produce/run';
import { flakyKinesis, type FlakyKinesis } from './support/fake-kinesis';

/**
 * `npm run produce -- --source archive`: archived posts back into the stream with their original
 * ids, X posts as X API v2 payloads (ingest takes `x:` ids only from X's formats).
 */

const quiet = (): Writable =>
  new Writable({
    write(_c, _e, done) {
      done();
    },
  });

const post = (
  i: number,
  createdAt: string,
  sentiment: EnrichedPost['sentiment'],
): EnrichedPost => ({
  id: `x:${1000 + i}`,
  source: 'x',
  text: `archived post ${i}`,
  createdAt,
  lang: 'en',
  author: { id: `${7000 + i}`, handle: `h${i}` },
  hashtags: [{ key: 'aws', display: 'AWS' }],
  cashtags: ['$AMZN'],
  place: {
    id: 'x:3078869807f9dd36',
    name: 'Berlin',
    country: 'Germany',
    countryCode: 'DE',
    lat: 52.5,
    lon: 13.4,
  },
  enrichStatus: 'OK',
  sentiment,
});

const POSTS = [
  post(1, '2026-11-19T23:59:00.000Z', 'POSITIVE'),
  post(2, '2026-11-20T08:00:00.000Z', 'NEGATIVE'),
  post(3, '2026-11-20T09:30:00.000Z', 'NEUTRAL'),
  post(4, '2026-11-21T12:00:00.000Z', 'MIXED'),
  post(5, '2026-11-23T00:00:00.000Z', 'POSITIVE'),
];

let dataDir: string;
let root: string;
let kinesis: FlakyKinesis;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'archive-source-'));
  const writer = await createParquetWriter({
    compression: 'SNAPPY',
    scratchDir: join(dataDir, 'scratch'),
  });
  // Every post archived once, post 3 twice (at-least-once delivery): sent once all the same.
  const copies = [...POSTS, POSTS[2]!].map((p, i) =>
    archiveRecordOf(p, new Date(Date.UTC(2026, 10, 24, 0, i))),
  );
  for (const [i, r] of copies.entries()) {
    const { dt, hour } = archivePartition(r.created_at);
    const dir = join(dataDir, 'archive', 'posts', `dt=${dt}`, `hour=${hour}`);
    mkdirSync(dir, { recursive: true });
    await writer.write(join(dir, `f${i}.parquet`), [r]);
  }
  writer.close();
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'produce-archive-'));
  writeFileSync(
    join(root, '.local-stack.json'),
    JSON.stringify({
      pid: process.pid,
      url: 'http://127.0.0.1:9',
      endpoints: { kinesis: 'http://127.0.0.1:9' },
      resources: { streams: { PostsStream: { name: 'PostsStream' } } },
    }),
  );
  kinesis = flakyKinesis();
});
afterEach(() => {
  kinesis.restore();
  rmSync(root, { recursive: true, force: true });
});

const sentPosts = () =>
  kinesis.accepted.map((r) => {
    const result = parseAndNormalize(r.data);
    if (!result.ok) throw new Error(result.reason);
    return { key: r.partitionKey, post: result.post };
  });

describe('--source archive', () => {
  it('sends the archived posts of the range once each, with their ids and times', async () => {
    const code = await runProduce(
      ['--source', 'archive', '--from', '2026-11-20', '--to', '2026-11-22', '--data-dir', dataDir],
      {
        root,
        stderr: quiet(),
        signals: new EventEmitter(),
        writer: { sleep: async () => undefined },
      },
    );
    expect(code).toBe(0);
    const sent = sentPosts();
    expect(sent.map((s) => s.post.id).sort()).toEqual(['x:1002', 'x:1003', 'x:1004']);
    expect(sent.every((s) => s.key === partitionKeyFor(s.post.id))).toBe(true);
    expect(sent.find((s) => s.post.id === 'x:1002')!.post).toMatchObject({
      id: 'x:1002',
      source: 'x',
      createdAt: '2026-11-20T08:00:00.000Z',
      text: 'archived post 2',
      lang: 'en',
      hashtags: [{ key: 'aws' }],
      cashtags: ['$AMZN'],
      place: { id: 'x:3078869807f9dd36', countryCode: 'DE', lat: 52.5, lon: 13.4 },
      author: { id: '7002', handle: 'h2' },
    });
    // The enrichment is not sent: the stack applies the engine it runs now.
    expect(sent.every((s) => s.post.sentiment === undefined)).toBe(true);
  });

  it('reads the archive bucket of a deployed stack with --target aws', async () => {
    const cfn = {
      send: async (_c: DescribeStacksCommand) => ({
        Stacks: [
          {
            Outputs: [
              { OutputKey: 'StreamName', OutputValue: 'stack-PostsStream' },
              { OutputKey: 'ArchiveBucketName', OutputValue: 'stack-archive' },
            ],
          },
        ],
      }),
    };
    const s3 = mockClient(S3Client);
    const table = join(dataDir, 'archive', 'posts');
    const keys = readdirSync(table, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.parquet'))
      .map((f) => `posts/${relative(table, join(table, f))}`);
    s3.on(ListObjectsV2Command).callsFake((input: { Prefix: string; Bucket: string }) => {
      expect(input.Bucket).toBe('stack-archive');
      return { Contents: keys.filter((k) => k.startsWith(input.Prefix)).map((Key) => ({ Key })) };
    });
    s3.on(GetObjectCommand).callsFake((input: { Key: string }) => ({
      // What the reader uses of the SDK's streaming body.
      Body: { transformToByteArray: async () => readFileSync(join(dataDir, 'archive', input.Key)) },
    }));
    try {
      const code = await runProduce(
        [
          '--source',
          'archive',
          '--from',
          '2026-11-19',
          '--to',
          '2026-11-23',
          '--target',
          'aws',
          '--stack-name',
          'stack',
          '--region',
          'eu-west-1',
        ],
        {
          root,
          stderr: quiet(),
          signals: new EventEmitter(),
          cloudFormation: cfn as never,
          s3: new S3Client({ region: 'eu-west-1' }),
          writer: { sleep: async () => undefined },
        },
      );
      expect(code).toBe(0);
      // The flaky stream makes the writer resend some records, so the order is not kept.
      expect(
        sentPosts()
          .map((s) => s.post.id)
          .sort(),
      ).toEqual(['x:1001', 'x:1002', 'x:1003', 'x:1004', 'x:1005']);
      expect(s3.commandCalls(ListObjectsV2Command).map((c) => c.args[0].input.Prefix)).toEqual([
        'posts/dt=2026-11-19/',
        'posts/dt=2026-11-20/',
        'posts/dt=2026-11-21/',
        'posts/dt=2026-11-22/',
        'posts/dt=2026-11-23/',
      ]);
    } finally {
      s3.restore();
    }
  });
});
