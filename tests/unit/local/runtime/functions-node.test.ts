import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findRepoRoot } from '../../../../local/paths';
import {
  candidates,
  functionsNode,
  functionsNodeNotice,
  RELAUNCHED_ENV,
} from '../../../../local/runtime/functions-node';
import { functionsRuntimeMajor } from '../../../../local/runtime/node-runtime';

/**
 * Which Node runs the functions locally (local/runtime/functions-node.ts): the rule, against fake
 * nodes (scripts that answer `-p process.versions.node` with a version), and the start again on
 * another node, through `npm run invoke`'s script.
 */

jest.setTimeout(60_000);

const root = findRepoRoot();
let dir: string;
let home: string;

/** An executable that answers as a node of this version would to `-p process.versions.node`. */
function fakeNode(path: string, version: string): string {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, `#!/bin/sh\necho ${version}\n`);
  chmodSync(path, 0o755);
  return path;
}

/** A node that runs as this one does, from another path (so the command starts again on it). */
function wrapperNode(path: string): string {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, `#!/bin/sh\nexec "${process.execPath}" "$@"\n`);
  chmodSync(path, 0o755);
  return path;
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'functions-node-'));
  home = join(dir, 'home');
  mkdirSync(home);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const running = { execPath: '/usr/bin/node', version: '24.15.0' };

describe('functionsRuntimeMajor', () => {
  it("reads the template's Node runtime, the most used one when they differ", () => {
    expect(functionsRuntimeMajor([{ runtime: 'nodejs22.x' }, { runtime: 'nodejs22.x' }])).toBe(22);
    expect(
      functionsRuntimeMajor([
        { runtime: 'nodejs24.x' },
        { runtime: 'nodejs22.x' },
        { runtime: 'nodejs22.x' },
      ]),
    ).toBe(22);
    expect(functionsRuntimeMajor([{ runtime: 'python3.13' }])).toBeUndefined();
    expect(functionsRuntimeMajor([])).toBeUndefined();
  });
});

describe('functionsNode', () => {
  it("keeps the running node when its major is the runtime's, and says nothing", () => {
    const choice = functionsNode(22, {
      env: { PATH: '' },
      home,
      execPath: '/usr/bin/node',
      version: '22.23.3',
    });
    expect(choice).toEqual({ kind: 'current', version: '22.23.3', matches: true });
    expect(functionsNodeNotice(choice, 22, 'npm start')).toBeUndefined();
  });

  it('starts again on node<major> from PATH before the version managers', () => {
    const bin = join(dir, 'bin');
    const named = fakeNode(join(bin, 'node22'), '22.1.0');
    fakeNode(join(home, '.nvm', 'versions', 'node', 'v22.30.0', 'bin', 'node'), '22.30.0');
    const choice = functionsNode(22, { env: { PATH: bin }, home, ...running });
    expect(choice).toEqual({
      kind: 'relaunch',
      node: { path: named, version: '22.1.0', from: 'node22 on PATH' },
    });
    expect(functionsNodeNotice(choice, 22, 'npm start')).toMatch(
      /^functions run on Node 22\.1\.0 as Lambda runs nodejs22\.x \(node22 on PATH: .*\); npm start continues on it \(it was started on Node /,
    );
  });

  it('takes the newest release of the major that a version manager installed', () => {
    const nvm = join(home, '.nvm', 'versions', 'node');
    fakeNode(join(nvm, 'v22.9.0', 'bin', 'node'), '22.9.0');
    const newest = fakeNode(join(nvm, 'v22.23.3', 'bin', 'node'), '22.23.3');
    fakeNode(join(nvm, 'v24.20.0', 'bin', 'node'), '24.20.0');
    const volta = join(home, '.volta', 'tools', 'image', 'node');
    fakeNode(join(volta, '22.12.0', 'bin', 'node'), '22.12.0');
    const choice = functionsNode(22, { env: { PATH: '' }, home, ...running });
    expect(choice).toEqual({
      kind: 'relaunch',
      node: { path: newest, version: '22.23.3', from: 'nvm' },
    });
  });

  it('finds the npm package node@<major> where .ci/run installs it', () => {
    const cache = join(dir, 'cache');
    const path = fakeNode(
      join(cache, 'social-stream-analytics', 'node', '22', 'node_modules', 'node', 'bin', 'node'),
      '22.23.3',
    );
    const env = { PATH: '', XDG_CACHE_HOME: cache };
    expect(candidates(22, { env, home })).toEqual([{ path, from: 'the npm package node@22' }]);
    expect(functionsNode(22, { env, home, ...running })).toMatchObject({
      kind: 'relaunch',
      node: { path, version: '22.23.3' },
    });
  });

  it('skips a candidate that is not of the major it claims', () => {
    const bin = join(dir, 'bin');
    fakeNode(join(bin, 'node22'), '20.19.0');
    expect(functionsNode(22, { env: { PATH: bin }, home, ...running })).toEqual({
      kind: 'current',
      version: '24.15.0',
      matches: false,
    });
  });

  it("with no Node of the runtime's major, keeps the running one and says so", () => {
    const choice = functionsNode(22, { env: { PATH: '' }, home, ...running });
    expect(choice).toEqual({ kind: 'current', version: '24.15.0', matches: false });
    expect(functionsNodeNotice(choice, 22, 'npm start')).toBe(
      'functions run on Node 24.15.0; Lambda runs nodejs22.x (no Node 22 found; see README "Which Node runs the functions")',
    );
  });

  it('FUNCTIONS_NODE chooses, whatever its version; `current` keeps the running node', () => {
    const bin = join(dir, 'bin');
    fakeNode(join(bin, 'node22'), '22.1.0');
    const other = fakeNode(join(dir, 'other', 'node'), '25.0.0');
    expect(
      functionsNode(22, { env: { PATH: bin, FUNCTIONS_NODE: other }, home, ...running }),
    ).toEqual({
      kind: 'relaunch',
      node: { path: other, version: '25.0.0', from: 'FUNCTIONS_NODE' },
    });
    const current = functionsNode(22, {
      env: { PATH: bin, FUNCTIONS_NODE: 'current' },
      home,
      ...running,
    });
    expect(current).toEqual({
      kind: 'current',
      version: '24.15.0',
      matches: false,
      from: 'FUNCTIONS_NODE=current',
    });
    expect(functionsNodeNotice(current, 22, 'npm start')).toBe(
      'functions run on Node 24.15.0; Lambda runs nodejs22.x (FUNCTIONS_NODE=current)',
    );
    expect(() =>
      functionsNode(22, { env: { PATH: bin, FUNCTIONS_NODE: 'no-such-node' }, home, ...running }),
    ).toThrow('FUNCTIONS_NODE=no-such-node is not a node that runs');
  });
});

describe('starting again on the functions’ node', () => {
  it('npm run invoke says which node runs the function, runs it there and prints its result', async () => {
    const node = wrapperNode(join(dir, 'bin', 'node'));
    const env = { ...process.env, FUNCTIONS_NODE: node } as NodeJS.ProcessEnv;
    delete env[RELAUNCHED_ENV];
    const run = await new Promise<{ code: number | null; stdout: string; stderr: string }>(
      (resolve, reject) => {
        const child = spawn(
          process.execPath,
          [
            '--import',
            'tsx',
            'local/invoke-cli.ts',
            'DetectSentimentFunction',
            '-e',
            'events/nlp/detect-sentiment.json',
          ],
          { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] },
        );
        const out = { stdout: '', stderr: '' };
        child.stdout.on('data', (d: Buffer) => (out.stdout += d.toString()));
        child.stderr.on('data', (d: Buffer) => (out.stderr += d.toString()));
        child.once('error', reject);
        child.once('close', (code) => resolve({ code, ...out }));
      },
    );
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(
      `functions run on Node ${process.versions.node}${process.versions.node.startsWith('22.') ? ' as Lambda runs' : '; Lambda runs'} nodejs22.x (FUNCTIONS_NODE: ${node}); npm run invoke continues on it`,
    );
    // The notice is printed once: the command started again does not look again.
    expect(run.stderr.match(/functions run on Node/g)).toHaveLength(1);
    const result = JSON.parse(run.stdout.trim().split('\n').pop()!) as {
      ResultList: { Sentiment: string }[];
    };
    expect(result.ResultList.map((r) => r.Sentiment)).toEqual(['POSITIVE', 'NEGATIVE', 'POSITIVE']);
  });
});
