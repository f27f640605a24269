import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import {
  applyEnvVars,
  InvokeError,
  parseInvokeArgs,
  parseParameterOverrides,
  runInvoke,
  stackServicesOf,
} from '../../../local/invoke';
import { findRepoRoot } from '../../../local/paths';
import { freePort } from '../../../local/services/net';
import type { RuntimeInfo } from '../../../local/services/runtime-file';
import { resolveTemplate, type FunctionDef } from '../../../local/template';

jest.setTimeout(60_000);

const root = findRepoRoot();
const template = resolveTemplate({ root, skipDefinitions: true });
const fnOf = (id: string): FunctionDef => template.functions.find((f) => f.logicalId === id)!;

describe('npm run invoke: arguments', () => {
  it('reads sam local invoke arguments', () => {
    expect(
      parseInvokeArgs([
        'IngestFunction',
        '-e',
        'events/ingest/x-v2.json',
        '--env-vars',
        'env.json',
        '--parameter-overrides',
        'RetentionDays=7 StreamMode=ON_DEMAND',
      ]),
    ).toEqual({
      logicalId: 'IngestFunction',
      event: 'events/ingest/x-v2.json',
      envVars: 'env.json',
      parameterOverrides: { RetentionDays: '7', StreamMode: 'ON_DEMAND' },
    });
    expect(parseInvokeArgs(['--event', '-', 'X', '-n', 'e.json', '--stack-file', 's'])).toEqual({
      logicalId: 'X',
      event: '-',
      envVars: 'e.json',
      parameterOverrides: {},
      stackFile: 's',
    });
    expect(parseInvokeArgs(['--help'])).toBeUndefined();
    expect(parseInvokeArgs(['X', '-h'])).toBeUndefined();
  });

  it('refuses no function, two functions and unknown options', () => {
    expect(() => parseInvokeArgs([])).toThrow(/Which function\?/);
    expect(() => parseInvokeArgs(['A', 'B'])).toThrow(/One function at a time; got A, B/);
    expect(() => parseInvokeArgs(['A', '--nope'])).toThrow(InvokeError);
    expect(() => parseInvokeArgs(['A', '-e'])).toThrow(InvokeError);
  });

  it("reads both of sam's --parameter-overrides forms, quoted values and repeats", () => {
    expect(
      parseParameterOverrides([
        'A=1 B="two words"',
        "ParameterKey=C,ParameterValue=3 ParameterKey=D,ParameterValue='x y'",
        'E=',
      ]),
    ).toEqual({ A: '1', B: 'two words', C: '3', D: 'x y', E: '' });
    expect(() => parseParameterOverrides(['novalue'])).toThrow(/expects Key=Value pairs/);
  });
});

describe('npm run invoke: what a function needs', () => {
  it('needs the stack for the services its role lets it call, and nothing else', () => {
    // Ingest starts the enrichment workflow: Step Functions too (not Firehose, whose local
    // stand-in is optional).
    expect(stackServicesOf(fnOf('IngestFunction'))).toEqual(['dynamodb', 'sqs', 'states']);
    expect(stackServicesOf(fnOf('TombstoneFunction'))).toEqual(['dynamodb']);
    expect(stackServicesOf(fnOf('PersistFunction'))).toEqual(['dynamodb']);
    expect(stackServicesOf(fnOf('CollectorFunction'))).toEqual(['dynamodb', 'kinesis']);
    for (const id of [
      'PrepareFunction',
      'PlanFunction',
      'DetectSentimentFunction',
      'DetectLanguageFunction',
    ]) {
      expect({ id, needs: stackServicesOf(fnOf(id)) }).toEqual({ id, needs: [] });
    }
    // A policy that says nothing about the service might call any of them.
    const unknown = { ...fnOf('PlanFunction'), calls: ['policy:AdministratorAccess'] };
    expect(stackServicesOf(unknown)).toEqual(['dynamodb', 'kinesis', 'sqs', 'states']);
  });

  it("applies sam's --env-vars: Parameters, then the function's own, declared variables only", () => {
    const fn = fnOf('IngestFunction');
    const { environment, ignored } = applyEnvVars(fn, {
      Parameters: { POWERTOOLS_LOG_LEVEL: 'DEBUG', DEDUPE_DAYS: 1, UNDECLARED: 'x' },
      IngestFunction: { DEDUPE_DAYS: 9, ALSO_UNDECLARED: true },
      OtherFunction: { POSTS_TABLE: 'nope' },
    });
    expect(environment).toMatchObject({
      POWERTOOLS_LOG_LEVEL: 'DEBUG',
      DEDUPE_DAYS: '9',
      POSTS_TABLE: fn.environment.POSTS_TABLE,
    });
    expect(environment).not.toHaveProperty('UNDECLARED');
    expect(ignored).toEqual(['ALSO_UNDECLARED']);
    expect(() => applyEnvVars(fn, [])).toThrow(/JSON object/);
    expect(() => applyEnvVars(fn, { Parameters: 'x' })).toThrow(/must be an object/);
    expect(() => applyEnvVars(fn, { Parameters: { DEDUPE_DAYS: {} } })).toThrow(/string/);
  });
});

describe('npm run invoke: runs', () => {
  let dir: string;
  let noStack: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'invoke-'));
    noStack = join(dir, 'no-stack.json');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function run(
    args: string[],
    stdin = '',
  ): Promise<{ code: number; stdout: string; stderr: string; ms: number }> {
    const out = { stdout: '', stderr: '' };
    const sink = (key: keyof typeof out): PassThrough => {
      const s = new PassThrough();
      s.on('data', (d: Buffer) => (out[key] += d.toString()));
      return s;
    };
    const started = Date.now();
    const code = await runInvoke(args, {
      stdin: Readable.from([stdin]),
      stdout: sink('stdout'),
      stderr: sink('stderr'),
      cwd: root,
    });
    return { code, ...out, ms: Date.now() - started };
  }

  const writeStackFile = (name: string, info: Partial<RuntimeInfo>): string => {
    const file = join(dir, name);
    writeFileSync(file, JSON.stringify(info));
    return file;
  };

  it('lists the functions for an unknown logical id or a resource that is no function', async () => {
    for (const [id, why] of [
      ['NoSuchFunction', 'There is no NoSuchFunction in template.yaml.'],
      ['PostsTable', 'PostsTable is an AWS::DynamoDB::Table, not a function.'],
    ]) {
      const r = await run([id!, '--stack-file', noStack]);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain(`Error: ${why} Functions: IngestFunction, TombstoneFunction`);
      expect(r.stderr).toContain('DetectSentimentFunction');
    }
  });

  it('says when the parameters leave a function out', async () => {
    const r = await run([
      'DetectSentimentFunction',
      '--parameter-overrides',
      'SentimentEngine=comprehend',
      '--stack-file',
      noStack,
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('its Condition UseBuiltin is false');
  });

  it('refuses a missing event file and an event that is not JSON', async () => {
    const missing = await run(['DetectSentimentFunction', '-e', 'events/nope.json']);
    expect(missing).toMatchObject({ code: 1, stdout: '' });
    expect(missing.stderr).toContain('Event file events/nope.json does not exist');

    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"Records": [');
    const malformed = await run(['DetectSentimentFunction', '-e', bad]);
    expect(malformed).toMatchObject({ code: 1, stdout: '' });
    expect(malformed.stderr).toMatch(/bad\.json is not valid JSON/);

    const stdin = await run(['DetectSentimentFunction', '-e', '-'], 'not json');
    expect(stdin.code).toBe(1);
    expect(stdin.stderr).toContain('The event on stdin is not valid JSON');
  });

  it('tells to run npm start, at once, when a function that needs the stack finds none', async () => {
    const deadPid = spawnSync(process.execPath, ['-e', '']).pid;
    const stale = writeStackFile('stale.json', { pid: deadPid, url: 'http://127.0.0.1:1' });
    for (const [file, why] of [
      [noStack, `no ${noStack}`],
      [stale, `is left from pid ${deadPid}, which is not running any more`],
    ]) {
      const r = await run([
        'IngestFunction',
        '-e',
        'events/ingest/x-v2.json',
        '--stack-file',
        file!,
      ]);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain(
        'IngestFunction calls DynamoDB, SQS, Step Functions (its role in template.yaml), which run in the local stack, and no local stack is running',
      );
      expect(r.stderr).toContain(why);
      expect(r.stderr).toContain('Start one in another terminal with: npm start');
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(r.ms).toBeLessThan(5000);
    }
  });

  it('says so when the stack of the runtime file does not answer', async () => {
    const closed = `http://127.0.0.1:${await freePort()}`;
    const file = writeStackFile('silent.json', {
      pid: process.pid,
      url: closed,
      endpoints: { dynamodb: closed, kinesis: closed, sqs: closed, stepfunctions: closed },
      resources: { queues: {} },
    });
    const r = await run(['HashtagsFunction', '-e', 'events/api/stats.json', '--stack-file', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`does not answer at ${closed} (DynamoDB)`);
  });

  it('runs a function that needs no stack, printing like sam local invoke', async () => {
    const r = await run([
      'DetectSentimentFunction',
      '-e',
      'events/nlp/detect-sentiment.json',
      '--stack-file',
      noStack,
    ]);
    expect(r.code).toBe(0);
    // One line of JSON on stdout: the result.
    expect(r.stdout.endsWith('\n')).toBe(true);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    const result = JSON.parse(r.stdout) as { ResultList: unknown[]; ErrorList: unknown[] };
    expect(result.ResultList).toHaveLength(3);
    expect(result.ErrorList).toEqual([]);
    const id = /START RequestId: ([0-9a-f-]{36}) Version: \$LATEST/.exec(r.stderr)?.[1];
    expect(id).toBeDefined();
    expect(r.stderr).toContain(`END RequestId: ${id}`);
    expect(r.stderr).toMatch(
      new RegExp(
        `REPORT RequestId: ${id}\\tInit Duration: [\\d.]+ ms\\tDuration: [\\d.]+ ms\\tBilled Duration: \\d+ ms\\tMemory Size: 512 MB\\tMax Memory Used: \\d+ MB`,
      ),
    );
    expect(r.stderr).toContain('Invoking detect-sentiment.handler (nodejs22.x)');
    expect(r.stderr).toContain('No local stack');
  });

  it("prints a function error as Lambda's payload on stdout and exits 0, as sam does", async () => {
    const r = await run(['DetectSentimentFunction', '-e', '-', '--stack-file', noStack], '{}');
    expect(r.code).toBe(0);
    const payload = JSON.parse(r.stdout) as { errorType: string; errorMessage: string };
    expect(Object.keys(payload)).toEqual(['errorType', 'errorMessage', 'trace']);
    expect(payload.errorType).toBe('InvalidRequestException');
    // The function's own logs and the runtime's error line go to stderr.
    expect(r.stderr).toContain('"level":"ERROR"');
    expect(r.stderr).toMatch(/\tERROR\tInvoke Error \t\{"errorType":"InvalidRequestException"/);
    expect(r.stderr.indexOf('"level":"ERROR"')).toBeLessThan(r.stderr.indexOf('END RequestId'));
  });

  it('prints its usage with --help', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: npm run invoke -- <LogicalId>');
  });
});
