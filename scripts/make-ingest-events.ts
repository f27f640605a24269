// Builds the sample Kinesis events in events/ingest/ and the JSON-lines fixtures from the readable
// fixtures in tests/fixtures/formats/, so the base64 payloads are reproducible.
//   npx tsx scripts/make-ingest-events.ts           write the files
//   npx tsx scripts/make-ingest-events.ts --check   fail when a committed file is stale
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KinesisStreamEvent, KinesisStreamRecord } from 'aws-lambda';
import { findRepoRoot } from '../local/paths';

const FIXTURES = 'tests/fixtures/formats';
const EVENTS = 'events/ingest';
const STREAM_ARN = 'arn:aws:kinesis:us-east-1:000000000000:stream/PostsStream';
const FIRST_ARRIVAL = 1732184500; // 2024-11-21T10:21:40Z, near the fixtures' createdAt

/** Batches built from one fixture file each; the mixed batch has its own recipe file. */
const SAMPLE_BATCHES = [
  { event: 'x-v1.json', fixture: 'x-v1.json', jsonl: 'x-v1.jsonl' },
  { event: 'x-v2.json', fixture: 'x-v2.json', jsonl: 'x-v2.jsonl' },
  { event: 'bluesky.json', fixture: 'bluesky.json', jsonl: 'bluesky.jsonl' },
  { event: 'post-json.json', fixture: 'post.json' },
  // Submissions, a comment and a crosspost, and three things taken down (read as deletes).
  { event: 'reddit.json', fixture: 'reddit-things.json' },
] as const;
const MIXED = { event: 'mixed-malformed.json', recipe: 'mixed-malformed.json' } as const;

interface MixedEntry {
  ref?: string;
  json?: unknown;
  text?: string;
  base64?: string;
  oversized?: number;
  expect: string;
}

function readJson<T>(root: string, file: string): T {
  return JSON.parse(readFileSync(join(root, FIXTURES, file), 'utf8')) as T;
}

function idOf(value: unknown, fallback: string): string {
  if (typeof value !== 'object' || value === null) return fallback;
  const v = value as Record<string, unknown>;
  const data = v.data as Record<string, unknown> | undefined;
  const commit = v.commit as Record<string, unknown> | undefined;
  const id = v.id_str ?? data?.id ?? commit?.rkey ?? v.id;
  return typeof id === 'string' ? id : fallback;
}

function kinesisEvent(
  batch: number,
  payloads: { data: Buffer; key: string }[],
): KinesisStreamEvent {
  const base = 49657000000000000000000000000000000000000000000000000000n + BigInt(batch) * 1000n;
  const Records = payloads.map(({ data, key }, i): KinesisStreamRecord => {
    const sequenceNumber = (base + BigInt(i)).toString();
    return {
      kinesis: {
        kinesisSchemaVersion: '1.0',
        partitionKey: key,
        sequenceNumber,
        data: data.toString('base64'),
        approximateArrivalTimestamp: FIRST_ARRIVAL + batch * 10 + i / 1000,
      },
      eventSource: 'aws:kinesis',
      eventVersion: '1.0',
      eventID: `shardId-000000000000:${sequenceNumber}`,
      eventName: 'aws:kinesis:record',
      invokeIdentityArn: 'arn:aws:iam::000000000000:role/IngestFunctionRole',
      awsRegion: 'us-east-1',
      eventSourceARN: STREAM_ARN,
    };
  });
  return { Records };
}

/** An X v1.1 status whose text pads the record to `bytes`. */
function oversizedStatus(bytes: number): Buffer {
  const status = {
    created_at: 'Thu Nov 21 10:31:00 +0000 2024',
    id_str: '1859545000000000003',
    user: { id_str: '42', screen_name: 'wall_of_text' },
    text: '',
  };
  const overhead = Buffer.byteLength(JSON.stringify(status));
  status.text = 'all work and no play '.repeat(Math.ceil(bytes / 21)).slice(0, bytes - overhead);
  return Buffer.from(JSON.stringify(status));
}

function mixedPayload(root: string, e: MixedEntry, i: number): { data: Buffer; key: string } {
  const key = `mixed-${i}`;
  if (e.ref !== undefined) {
    const [file, index] = e.ref.split('#');
    const value = readJson<unknown[]>(root, file ?? '')[Number(index)];
    if (value === undefined) throw new Error(`${MIXED.recipe}: no record ${e.ref}`);
    return { data: Buffer.from(JSON.stringify(value)), key: idOf(value, key) };
  }
  if (e.text !== undefined) return { data: Buffer.from(e.text), key };
  if (e.base64 !== undefined) return { data: Buffer.from(e.base64, 'base64'), key };
  if (e.oversized !== undefined) return { data: oversizedStatus(e.oversized), key };
  return { data: Buffer.from(JSON.stringify(e.json)), key };
}

/** Every generated file, by path relative to the repository root. */
export function buildIngestEvents(root = findRepoRoot()): Map<string, string> {
  const out = new Map<string, string>();
  SAMPLE_BATCHES.forEach((b, batch) => {
    const records = readJson<unknown[]>(root, b.fixture);
    const payloads = records.map((r, i) => ({
      data: Buffer.from(JSON.stringify(r)),
      key: idOf(r, `${b.fixture}-${i}`),
    }));
    out.set(join(EVENTS, b.event), `${JSON.stringify(kinesisEvent(batch, payloads), null, 2)}\n`);
    if ('jsonl' in b) {
      out.set(join(FIXTURES, b.jsonl), records.map((r) => `${JSON.stringify(r)}\n`).join(''));
    }
  });
  const recipe = readJson<{ records: MixedEntry[] }>(root, MIXED.recipe);
  const payloads = recipe.records.map((e, i) => mixedPayload(root, e, i));
  out.set(
    join(EVENTS, MIXED.event),
    `${JSON.stringify(kinesisEvent(SAMPLE_BATCHES.length, payloads), null, 2)}\n`,
  );
  return out;
}

function main(): void {
  const root = findRepoRoot();
  const check = process.argv.includes('--check');
  let stale = 0;
  for (const [path, content] of buildIngestEvents(root)) {
    const file = join(root, path);
    if (!check) {
      writeFileSync(file, content);
      console.log(`wrote ${path}`);
      continue;
    }
    let current = '';
    try {
      current = readFileSync(file, 'utf8');
    } catch {
      // missing counts as stale
    }
    if (current !== content) {
      stale++;
      console.error(`stale: ${path} (run npx tsx scripts/make-ingest-events.ts)`);
    }
  }
  if (stale > 0) process.exit(1);
}

if (process.argv[1]?.replace(/\\/g, '/').endsWith('scripts/make-ingest-events.ts')) main();
