import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { findRepoRoot } from '../../../../local/paths';
import { buildFunction, environmentSpec, ExecutionEnvironment } from '../../../../local/runtime';
import { testFunctionDef } from './fixtures/test-function-def';

jest.setTimeout(60_000);

const root = findRepoRoot();
const fn = testFunctionDef('LogFunction');
const endpoints = {
  dynamodb: 'http://127.0.0.1:8001',
  kinesis: 'http://127.0.0.1:8002',
  sqs: 'http://127.0.0.1:8003',
  stepfunctions: 'http://127.0.0.1:8004',
};

describe('ExecutionEnvironment with its logs redirected', () => {
  let outRoot: string;

  beforeAll(async () => {
    outRoot = mkdtempSync(join(tmpdir(), 'env-'));
    await buildFunction(root, fn, { outRoot });
  });

  afterAll(() => rmSync(outRoot, { recursive: true, force: true }));

  it("hands over all of an invocation's stdout and stderr before its result", async () => {
    const logs = new PassThrough();
    let text = '';
    logs.on('data', (d: Buffer) => (text += d.toString()));
    const env = new ExecutionEnvironment(environmentSpec(fn, { root, outRoot, endpoints, logs }));
    try {
      expect(await env.whenReady()).toBe(true);
      for (const lines of [50, 3]) {
        text = '';
        const outcome = await env.invoke(
          JSON.stringify({ action: 'log', lines }),
          undefined,
          'r-1',
        );
        expect(outcome).toMatchObject({ ok: true, payload: 'logged', requestId: 'r-1' });
        // Nothing arrives after the result: every line is already there.
        const got = text.split('\n').filter(Boolean);
        expect(got.filter((l) => l.startsWith('out '))).toHaveLength(lines);
        expect(got.filter((l) => l.startsWith('err '))).toHaveLength(lines);
        expect(outcome.memoryUsedMb).toBeGreaterThan(0);
        expect(outcome.memoryUsedMb).toBeLessThan(fn.memorySize);
      }
    } finally {
      await env.terminate();
    }
  });
});
