import { EventEmitter } from 'node:events';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { findRepoRoot } from '../../../../local/paths';
import { runProduce } from '../../../../sources/produce/run';
import { flakyKinesis, waitFor, type FlakyKinesis } from './support/fake-kinesis';

/** `npm run produce` end to end, against a Kinesis that refuses part of every batch. */

const V2 = join(findRepoRoot(), 'tests', 'fixtures', 'formats', 'x-v2.jsonl');

function stderr(): Writable & { text(): string } {
  const chunks: string[] = [];
  const w = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk.toString());
      done();
    },
  }) as Writable & { text(): string };
  w.text = () => chunks.join('');
  return w;
}

describe('runProduce', () => {
  let root: string;
  let kinesis: FlakyKinesis;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'produce-run-'));
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

  it('replays a v2 file into the local stack stream, every post once', async () => {
    const err = stderr();
    const code = await runProduce(['--source', 'replay', '--file', V2], {
      root,
      stderr: err,
      signals: new EventEmitter(),
      writer: { sleep: async () => undefined, maxRecordsPerCall: 3 },
    });
    const lines = readFileSync(V2, 'utf8').trim().split('\n');
    expect(code).toBe(0);
    expect(kinesis.rejected).toBeGreaterThan(0);
    const ids = kinesis.postIds();
    expect(ids).toHaveLength(lines.length);
    expect(new Set(ids).size).toBe(lines.length);
    expect(err.text()).toMatch(
      /Writing to PostsStream on the local stack at http:\/\/127\.0\.0\.1:9/,
    );
    expect(err.text()).toMatch(new RegExp(`sent ${lines.length}  failed 0  retried [1-9]`));
  });

  it('reads the tweets.js of an archive folder named with --file, and refuses another folder', async () => {
    const archive = join(root, 'twitter-2024-12-01');
    mkdirSync(join(archive, 'data'), { recursive: true });
    const formats = join(findRepoRoot(), 'tests', 'fixtures', 'formats', 'x-archive');
    for (const f of ['tweets.js', 'account.js']) {
      copyFileSync(join(formats, f), join(archive, 'data', f));
    }
    const err = stderr();
    const deps = {
      root,
      stderr: err,
      signals: new EventEmitter(),
      writer: { sleep: async () => undefined },
    };
    expect(await runProduce(['--source', 'replay', '--file', archive], deps)).toBe(0);
    expect(err.text()).toContain(`Reading ${join(archive, 'data', 'tweets.js')}`);
    expect(kinesis.postIds()).toHaveLength(2);
    const other = stderr();
    const code = await runProduce(['--source', 'replay', '--file', join(archive, '..')], {
      ...deps,
      stderr: other,
    });
    expect(code).toBe(2);
    expect(other.text()).toContain('is a folder: name a recorded file in it');
  });

  it('flushes what is buffered on Ctrl-C and exits cleanly', async () => {
    const signals = new EventEmitter();
    const err = stderr();
    const run = runProduce(['--source', 'demo', '--rate', '400'], {
      root,
      stderr: err,
      signals,
      // Records wait for a full batch of 500 or 250 ms: at Ctrl-C most are still buffered.
      writer: { sleep: async () => undefined, lingerMs: 60_000 },
    });
    await waitFor(() => signals.listenerCount('SIGINT') > 0);
    await new Promise((r) => setTimeout(r, 150));
    expect(kinesis.accepted).toHaveLength(0);
    signals.emit('SIGINT');
    expect(await run).toBe(0);
    expect(kinesis.accepted.length).toBeGreaterThan(10);
    expect(err.text()).toMatch(/Stopping: sending what is buffered/);
    expect(err.text()).toMatch(new RegExp(`sent ${kinesis.accepted.length}  failed 0`));
    expect(signals.listenerCount('SIGINT')).toBe(0);
  });

  it('answers usage errors with exit code 2 and the usage', async () => {
    const err = stderr();
    expect(await runProduce(['--source', 'replay'], { root, stderr: err })).toBe(2);
    expect(err.text()).toMatch(/needs --file[\s\S]*Usage: npm run produce/);
    expect(await runProduce(['--source', 'x'], { root, stderr: err, env: {} })).toBe(2);
    expect(err.text()).toMatch(/X_BEARER_TOKEN is not set/);
  });

  it('says how to start the local stack when it is not running', async () => {
    rmSync(join(root, '.local-stack.json'));
    const err = stderr();
    expect(await runProduce(['--source', 'demo'], { root, stderr: err })).toBe(1);
    expect(err.text()).toMatch(/npm start/);
  });
});
