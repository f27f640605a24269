import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { normalizeRecord, parseAndNormalize } from '../../../../functions/domain/normalize/index';
import { startReplay } from '../../../../sources/replay/replay';
import { findRepoRoot } from '../../../../local/paths';
import { flakyKinesis, waitFor, type FlakyKinesis } from '../produce/support/fake-kinesis';

const FORMATS = join(findRepoRoot(), 'tests', 'fixtures', 'formats');
const linesOf = (name: string): string[] =>
  readFileSync(join(FORMATS, name), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '');

const v2 = linesOf('x-v2.jsonl');
const v1 = linesOf('x-v1.jsonl');
const bsky = linesOf('bluesky.jsonl');
const MIXED = [
  ...v2.slice(0, 2),
  '',
  '{"data": {"id": "1", "text": broken',
  ...v1,
  '{"foo": 1}',
  ...bsky,
  '{"data": {"id": "12"}}',
  '{"delete":{"status":{"id":1,"id_str":"1","user_id":2,"user_id_str":"2"},"timestamp_ms":"1732184470000"}}',
  ...v2.slice(2),
];
const VALID = MIXED.filter((l) => {
  try {
    return normalizeRecord(JSON.parse(l)).ok;
  } catch {
    return false;
  }
});
const originalIds = VALID.map(
  (l) => (normalizeRecord(JSON.parse(l)) as { post: { id: string } }).post.id,
);

describe('startReplay', () => {
  let dir: string;
  let kinesis: FlakyKinesis;
  let warnings: string[];
  const log = (_level: string, message: string) => warnings.push(message);
  const file = (lines: string[]): string => {
    const path = join(dir, 'replay.jsonl');
    writeFileSync(path, `${lines.join('\r\n')}\n`);
    return path;
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'replay-'));
    kinesis = flakyKinesis();
    warnings = [];
  });
  afterEach(() => {
    kinesis.restore();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sends every valid record of every format once, reporting bad lines by number', async () => {
    const path = file(MIXED);
    const replay = startReplay({
      file: path,
      sink: (r) => kinesis.writer.put(r),
      log,
      verbatim: true,
    });
    const stats = await replay.done;
    await kinesis.writer.flush();

    expect(VALID).toHaveLength(v2.length + v1.length + bsky.length);
    expect(kinesis.postIds().sort()).toEqual([...originalIds].sort());
    expect(kinesis.rejected).toBeGreaterThan(0);
    // Replayed as recorded, the delete notice goes out too: it takes its post back.
    const deleteNotice = MIXED.find((l) => l.startsWith('{"delete"'));
    expect(kinesis.accepted.map((r) => r.data).sort()).toEqual([...VALID, deleteNotice].sort());
    expect(stats).toMatchObject({
      lines: MIXED.length,
      posts: VALID.length,
      skipped: 3,
      ignored: 0,
      retractions: 1,
    });
    expect(warnings).toEqual([
      expect.stringMatching(/replay\.jsonl:4: malformed JSON/),
      expect.stringMatching(/replay\.jsonl:11: not a known format/),
      expect.stringMatching(/replay\.jsonl:15: x-v2: .*; skipped/),
    ]);
  });

  it('gives each post a fresh id and the time it is sent, keeping its content', async () => {
    const now = Date.parse('2026-11-22T14:07:00.000Z');
    const path = file(MIXED);
    await startReplay({
      file: path,
      sink: (r) => kinesis.writer.put(r),
      clock: { now: () => now },
    }).done;
    await kinesis.writer.flush();

    const sent = kinesis.accepted.map((r) => parseAndNormalize(r.data));
    const posts = sent.map((r) => (r.ok ? r.post : undefined));
    expect(posts.every((p) => p !== undefined)).toBe(true);
    const ids = posts.map((p) => p!.id);
    expect(new Set(ids).size).toBe(VALID.length);
    expect(ids.filter((id) => originalIds.includes(id))).toEqual([]);
    expect(new Set(posts.map((p) => p!.createdAt))).toEqual(new Set(['2026-11-22T14:07:00.000Z']));
    const texts = VALID.map(
      (l) => (normalizeRecord(JSON.parse(l)) as { post: { text: string } }).post.text,
    );
    expect(posts.map((p) => p!.text).sort()).toEqual(texts.sort());
    // The partition key is derived from the new id, so posts spread over shards.
    expect(new Set(kinesis.accepted.map((r) => r.partitionKey)).size).toBe(VALID.length);
  });

  it('gives Reddit things fresh fullnames, newer than any real one, and keeps their links', async () => {
    const now = Date.parse('2026-11-22T14:07:00.000Z');
    const recorded = join(FORMATS, 'reddit-listing.jsonl');
    await startReplay({
      file: recorded,
      sink: (r) => kinesis.writer.put(r),
      clock: { now: () => now },
    }).done;
    await kinesis.writer.flush();
    const posts = kinesis.accepted.map((r) => {
      const result = parseAndNormalize(r.data);
      if (!result.ok) throw new Error(result.reason);
      return result.post;
    });
    expect(posts).toHaveLength(6);
    const ids = posts.map((p) => p.id);
    expect(new Set(ids).size).toBe(6);
    for (const p of posts) {
      expect(p.id).toMatch(/^reddit:t[13]_[0-9a-z]{8,13}$/);
      expect(p.createdAt).toBe('2026-11-22T14:07:00.000Z');
      expect(p.url).toMatch(/^https:\/\/www\.reddit\.com\/r\/(aws|serverless)\/comments\//);
    }
    expect(ids.filter((id) => /1gw|lyf/.test(id))).toEqual([]);
  });

  it('loops with new ids on every pass until stopped', async () => {
    const path = file(v2);
    const replay = startReplay({ file: path, sink: (r) => kinesis.writer.put(r), loop: true });
    await waitFor(() => replay.stats().passes >= 3);
    await replay.stop();
    await kinesis.writer.flush();
    const ids = kinesis.postIds();
    expect(ids.length).toBeGreaterThanOrEqual(2 * v2.length);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('does not spin on a file without a single post when looping', async () => {
    const path = file(['nope', '{"foo": 1}']);
    const stats = await startReplay({
      file: path,
      sink: (r) => kinesis.writer.put(r),
      loop: true,
      log,
    }).done;
    expect(stats).toMatchObject({ passes: 1, posts: 0, skipped: 2 });
    expect(warnings.at(-1)).toMatch(/no post in a whole pass/);
  });

  it('waits the recorded gaps divided by --speed', async () => {
    let clock = 0;
    const waits: number[] = [];
    const path = file(v1); // recorded over 215 s
    await startReplay({
      file: path,
      sink: (r) => kinesis.writer.put(r),
      pace: { kind: 'recorded', speed: 10 },
      clock: {
        now: () => clock,
        sleep: async (ms) => {
          waits.push(ms);
          clock += ms;
        },
      },
    }).done;
    expect(waits).toEqual([3_200, 4_300, 2_500, 7_000, 4_500]);
  });

  it('reports only the first bad lines of a pass one by one', async () => {
    const path = file(Array.from({ length: 30 }, () => 'garbage'));
    await startReplay({ file: path, sink: (r) => kinesis.writer.put(r), log, maxReportedLines: 5 })
      .done;
    expect(warnings).toHaveLength(6);
    expect(warnings[5]).toMatch(/25 more bad lines skipped/);
  });
});
