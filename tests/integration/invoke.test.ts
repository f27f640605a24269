import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { WebSocketServer } from 'ws';
import { runInvoke, stackServicesOf } from '../../local/invoke';
import { findRepoRoot } from '../../local/paths';
import { startLocalStack, type LocalStack } from '../../local/stack';
import { resolveTemplate } from '../../local/template';
import { demoRecords } from '../unit/sources/produce/support/demo-records';
import { deadLetters } from './support/stack';

/**
 * Every `sam local invoke <Function> -e <event>` line of the README, through `npm run invoke`
 * (where there is no Docker): with no stack running, the functions that need none run and the
 * others say to start one; against a real local stack (the CLI spawned as a user runs it, finding
 * the stack through its runtime file), every line runs and prints what its handler returns.
 */

jest.setTimeout(240_000);

const root = findRepoRoot();
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const lines = [...readme.matchAll(/sam local invoke (\w+) -e (\S+)/g)].map(([, fn, event]) => ({
  fn: fn!,
  event: event!,
}));
const template = resolveTemplate({ root, skipDefinitions: true });
const needsStack = (id: string): boolean =>
  stackServicesOf(template.functions.find((f) => f.logicalId === id)!).length > 0;

type Json = Record<string, unknown>;
const api = (result: unknown): { statusCode: number; body: Json } => {
  const r = result as { statusCode: number; body: string };
  return { statusCode: r.statusCode, body: JSON.parse(r.body) as Json };
};
const eventOf = (file: string): Json => JSON.parse(readFileSync(join(root, file), 'utf8')) as Json;

/** What each README line's handler returns; a README line without one here fails the test. */
const EXPECTED: Record<string, (result: unknown) => void> = {
  'IngestFunction events/ingest/x-v2.json': (r) => expect(r).toEqual({ batchItemFailures: [] }),
  // Poison records go to the dead-letter queue, not back to Kinesis.
  'IngestFunction events/ingest/mixed-malformed.json': (r) =>
    expect(r).toEqual({ batchItemFailures: [] }),
  'PersistFunction events/enrich/persist-input.json': (r) => {
    const { results } = r as { results: { ok: boolean }[] };
    expect(results).toHaveLength((eventOf('events/enrich/persist-input.json').posts as []).length);
    expect(results.every((x) => x.ok)).toBe(true);
  },
  'DetectSentimentFunction events/nlp/detect-sentiment.json': (r) => {
    const out = r as { ResultList: { Sentiment: string }[]; ErrorList: unknown[] };
    expect(out.ResultList).toHaveLength(3);
    expect(out.ResultList.map((x) => x.Sentiment)).toEqual(['POSITIVE', 'NEGATIVE', 'POSITIVE']);
    expect(out.ErrorList).toEqual([]);
  },
  'HashtagsFunction events/api/hashtags-top10-24h.json': (r) => {
    const { statusCode, body } = api(r);
    expect(statusCode).toBe(200);
    expect(body).toMatchObject({ window: '24h', items: expect.any(Array) });
  },
  'HashtagsFunction events/api/hashtags-bad-limit.json': (r) => {
    const { statusCode, body } = api(r);
    expect(statusCode).toBe(400);
    expect(body.message).toMatch(/limit/);
  },
  'TimelineFunction events/api/timeline-aws-hour.json': (r) => {
    const { statusCode, body } = api(r);
    expect(statusCode).toBe(200);
    expect(body).toMatchObject({ tag: 'aws', granularity: 'hour', points: expect.any(Array) });
  },
  'CollectorFunction events/collector/manual-bluesky.json': (r) =>
    expect(r).toMatchObject({
      terms: 1,
      bluesky: { posts: 1, caughtUp: true },
      checkpointed: true,
    }),
};

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The real command, as a user runs it; never left running. */
function spawnCli(command: string, args: string[], timeoutMs = 90_000): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    const out = { stdout: '', stderr: '' };
    child.stdout.on('data', (d: Buffer) => (out.stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out.stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, ...out });
    });
  });
}

const tsx = join(root, 'node_modules', '.bin', 'tsx');
const cli = (args: string[]): Promise<Run> => spawnCli(tsx, ['local/invoke-cli.ts', ...args]);

/** The run printed like `sam local invoke`; returns the result it printed on stdout. */
function printedResult(run: Run): unknown {
  expect({ code: run.code, stderr: run.code === 0 ? '' : run.stderr }).toEqual({
    code: 0,
    stderr: '',
  });
  const id = /START RequestId: ([0-9a-f-]{36}) Version: \$LATEST\n/.exec(run.stderr)?.[1];
  expect(run.stderr).toContain(`END RequestId: ${id}\n`);
  expect(run.stderr).toMatch(new RegExp(`REPORT RequestId: ${id}\\tInit Duration: .*\\tDuration:`));
  const out = run.stdout.trimEnd().split('\n');
  expect(out).toHaveLength(1);
  return JSON.parse(out[0]!);
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'invoke-it-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('the README has invoke lines, and an expectation for each', () => {
  expect(lines.length).toBeGreaterThanOrEqual(5);
  expect(lines.map((l) => `${l.fn} ${l.event}`).filter((k) => !(k in EXPECTED))).toEqual([]);
});

describe('README invoke lines with no stack running', () => {
  const run = async (args: string[]): Promise<Run> => {
    const out = { stdout: '', stderr: '' };
    const sink = (key: keyof typeof out): PassThrough => {
      const s = new PassThrough();
      s.on('data', (d: Buffer) => (out[key] += d.toString()));
      return s;
    };
    const code = await runInvoke(args, {
      stdin: Readable.from(['']),
      stdout: sink('stdout'),
      stderr: sink('stderr'),
      cwd: root,
    });
    return { code, ...out };
  };

  it.each(lines)('$fn -e $event', async ({ fn, event }) => {
    const r = await run([fn, '-e', event, '--stack-file', join(dir, 'none.json')]);
    if (needsStack(fn)) {
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain(`${fn} calls `);
      expect(r.stderr).toContain('Start one in another terminal with: npm start');
    } else {
      expect(r.stderr).toContain('No local stack');
      EXPECTED[`${fn} ${event}`]!(printedResult(r));
    }
  });

  it('runs through the npm script, leaving only the result on stdout with --silent', async () => {
    const standalone = lines.find((l) => !needsStack(l.fn));
    expect(standalone).toBeDefined();
    const { fn, event } = standalone!;
    const r = await spawnCli('npm', [
      'run',
      '--silent',
      'invoke',
      '--',
      fn,
      '-e',
      event,
      '--stack-file',
      join(dir, 'none.json'),
    ]);
    EXPECTED[`${fn} ${event}`]!(printedResult(r));
  });

  it('exits 1 from the real command when the stack is missing', async () => {
    const r = await cli([
      'IngestFunction',
      '-e',
      'events/ingest/x-v2.json',
      '--stack-file',
      join(dir, 'none.json'),
    ]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    // On a Node other than the runtime's major, the first line says which Node runs the function.
    expect(r.stderr).toMatch(
      /^(functions run on Node [^\n]*\n)?Error: IngestFunction calls DynamoDB, SQS, Step Functions .* npm start\n$/,
    );
  });
});

describe('README invoke lines against a running local stack', () => {
  let stack: LocalStack;
  let stackFile: string;
  let jetstream: WebSocketServer;
  let envVars: string;
  // A Bluesky post with a hashtag, and the hashtag the collector is to track.
  const bsky = demoRecords('bsky', 20, 41).find((r) => r.meta.hashtags.length > 0)!;
  const tag = bsky.meta.hashtags[0]!;

  beforeAll(async () => {
    stackFile = join(dir, 'stack.json');
    stack = await startLocalStack({
      port: 0,
      source: 'none',
      quiet: true,
      // Not the repository's .local-stack.json: a running `npm start` may own that one.
      runtimeFile: stackFile,
      maxWorkersPerFunction: 1,
    });
    // A fake Jetstream on loopback (the README line reads the real one): the tracked post now,
    // then an event past the run's start, so the run is caught up at once.
    jetstream = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((r) => jetstream.once('listening', () => r()));
    jetstream.on('connection', (ws) => {
      const nowUs = Date.now() * 1000;
      ws.send(JSON.stringify({ ...(bsky.data as Json), time_us: nowUs - 1_000_000 }));
      ws.send(JSON.stringify({ did: 'did:plc:x', time_us: nowUs + 5_000_000, kind: 'identity' }));
    });
    const { port } = jetstream.address() as AddressInfo;
    envVars = join(dir, 'env.json');
    writeFileSync(
      envVars,
      JSON.stringify({
        // No handle lookups: the test reaches nothing beyond loopback.
        CollectorFunction: {
          JETSTREAM_URL: `ws://127.0.0.1:${port}/subscribe`,
          BSKY_APPVIEW_URL: '',
        },
      }),
    );
    const res = await fetch(`${stack.url}/api/tracks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ term: `#${tag}` }),
    });
    expect(res.status).toBeLessThan(300);
  });

  afterAll(async () => {
    await new Promise<void>((r) => {
      for (const c of jetstream?.clients ?? []) c.terminate();
      if (jetstream) jetstream.close(() => r());
      else r();
    });
    await stack?.stop();
  });

  it('writes the runtime file the command finds the stack by', () => {
    const info = JSON.parse(readFileSync(stackFile, 'utf8')) as { pid: number; url: string };
    expect(info).toMatchObject({ pid: process.pid, url: stack.url });
  });

  it.each(lines)('$fn -e $event', async ({ fn, event }) => {
    const before = fn === 'IngestFunction' ? (await deadLetters(stack)).length : 0;
    const extra = fn === 'CollectorFunction' ? ['--env-vars', envVars] : [];
    const r = await cli([fn, '-e', event, '--stack-file', stackFile, ...extra]);
    expect(r.stderr).toContain(`Local stack: pid ${process.pid}, ${stack.url}`);
    EXPECTED[`${fn} ${event}`]!(printedResult(r));
    if (event.endsWith('mixed-malformed.json')) {
      expect((await deadLetters(stack)).length).toBeGreaterThan(before);
    }
  });
});
