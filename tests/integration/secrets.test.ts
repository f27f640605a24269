import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { format } from 'node:util';
import type { Context } from 'aws-lambda';
import { startLocalStack, type LocalStack } from '../../local/stack';
import { demoRecords } from '../unit/sources/produce/support/demo-records';
import type { SearchPayload } from '../unit/sources/produce/support/fake-x-search';
import { pollUntil, stats } from './support/stack';
import { lambdaContext } from '../support/lambda-context';

/**
 * The X bearer token never shows up in a log line or an API response. The real local stack runs
 * at DEBUG; the collector reads the token from a fake Secrets Manager on 127.0.0.1 and searches a
 * fake X that insists on it; the posts it collects go through the whole pipeline; the token is
 * also sent to every API route as a client's Authorization header. Every byte the functions, the
 * stack and the collector write to stdout/stderr is captured and searched for it.
 */

jest.setTimeout(180_000);

const TOKEN = `AAAAAAAAAAAAAAAAAAAAA-test-${'Zq9'.repeat(12)}-secret`;
const SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:000000000000:secret:x-bearer-AbCdEf';
/** Secrets someone got wrong, each holding the token: their errors must not quote it. */
const MALFORMED: Record<string, string> = {
  'arn:aws:secretsmanager:us-east-1:000000000000:secret:x-truncated-AbCdEf': `{"xBearerToken":"${TOKEN}`,
  'arn:aws:secretsmanager:us-east-1:000000000000:secret:x-quotes-AbCdEf': `{'xBearerToken':'${TOKEN}'}`,
  'arn:aws:secretsmanager:us-east-1:000000000000:secret:x-spaced-AbCdEf': `Bearer ${TOKEN}`,
  // JSON.parse quotes the ten characters after the colon here: a piece of the token.
  'arn:aws:secretsmanager:us-east-1:000000000000:secret:x-unquoted-AbCdEf': `{"xBearerToken":${TOKEN.slice(TOKEN.indexOf('Zq9'))}}`,
};
/** Every 10 characters of the token (but for its run of A's): what a leak would show. */
const TOKEN_PIECES = Array.from({ length: TOKEN.length - 9 }, (_, i) =>
  TOKEN.slice(i, i + 10),
).filter((piece) => !/^A+$/.test(piece));
const leaks = (text: string): boolean => TOKEN_PIECES.some((piece) => text.includes(piece));

/** Everything written to this process's stdout and stderr, worker threads' output included. */
const captured: string[] = [];
const originals = { out: process.stdout.write, err: process.stderr.write };
const CONSOLE_LEVELS = ['log', 'info', 'warn', 'error', 'debug'] as const;
const originalConsole = Object.fromEntries(CONSOLE_LEVELS.map((l) => [l, console[l]])) as Pick<
  Console,
  (typeof CONSOLE_LEVELS)[number]
>;
function capture(): void {
  const hook = (original: typeof process.stdout.write) =>
    function (this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]): boolean {
      captured.push(
        typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'),
      );
      // JSON log lines at DEBUG would bury the test report; they are searched, not shown.
      if (String(captured[captured.length - 1]).startsWith('{"')) return true;
      return (original as (...a: unknown[]) => boolean).call(this, chunk, ...rest);
    } as typeof process.stdout.write;
  process.stdout.write = hook(originals.out);
  process.stderr.write = hook(originals.err);
  // The stack's own lines (start-up, crash reports with event previews) go through console.
  for (const level of CONSOLE_LEVELS) {
    const original = originalConsole[level];
    console[level] = (...args: unknown[]) => {
      captured.push(`${format(...args)}\n`);
      if (level === 'error' || level === 'warn') original.apply(console, args);
    };
  }
}
function release(): void {
  process.stdout.write = originals.out;
  process.stderr.write = originals.err;
  Object.assign(console, originalConsole);
}

const readBody = (req: IncomingMessage): Promise<string> =>
  new Promise((resolve) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString()));
    req.on('end', () => resolve(text));
  });

async function listen(server: Server): Promise<string> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Secrets Manager's JSON protocol, GetSecretValue only, for the one secret. */
function fakeSecretsManager(): Server {
  return createServer((req, res) => {
    void readBody(req).then((text) => {
      const target = String(req.headers['x-amz-target'] ?? '');
      const { SecretId } = JSON.parse(text || '{}') as { SecretId?: string };
      res.setHeader('content-type', 'application/x-amz-json-1.1');
      const malformed = SecretId === undefined ? undefined : MALFORMED[SecretId];
      if (target === 'secretsmanager.GetSecretValue' && malformed !== undefined) {
        return res.end(JSON.stringify({ ARN: SecretId, SecretString: malformed, VersionId: 'v1' }));
      }
      if (target !== 'secretsmanager.GetSecretValue' || SecretId !== SECRET_ARN) {
        res.writeHead(400);
        return res.end(
          JSON.stringify({ __type: 'ResourceNotFoundException', message: 'not found' }),
        );
      }
      res.end(
        JSON.stringify({
          ARN: SECRET_ARN,
          Name: 'x-bearer',
          SecretString: JSON.stringify({ xBearerToken: TOKEN }),
          VersionId: 'v1',
        }),
      );
    });
  });
}

/** X recent search that answers only with the right bearer token. */
function fakeX(posts: SearchPayload[], seen: { authorized: number; refused: number }): Server {
  return createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    if (req.headers.authorization !== `Bearer ${TOKEN}`) {
      seen.refused++;
      res.writeHead(401);
      return res.end(JSON.stringify({ title: 'Unauthorized', status: 401 }));
    }
    seen.authorized++;
    const since = new URL(req.url ?? '/', 'http://x').searchParams.get('since_id');
    const page = posts.filter((p) => since === null || BigInt(p.data.id) > BigInt(since));
    const newest = page.map((p) => p.data.id).sort((a, b) => (BigInt(b) > BigInt(a) ? 1 : -1))[0];
    res.end(
      JSON.stringify({
        ...(page.length ? { data: page.map((p) => p.data) } : {}),
        includes: {
          users: posts.flatMap((p) => p.includes?.users ?? []),
          places: posts.flatMap((p) => p.includes?.places ?? []),
        },
        meta: { result_count: page.length, ...(newest ? { newest_id: newest } : {}) },
      }),
    );
  });
}

const context = (name: string): Context => lambdaContext(name, 'secrets-test');

const posts = demoRecords('x-v2', 12, 31).map((r) => r.data as unknown as SearchPayload);
const xCalls = { authorized: 0, refused: 0 };
const secretsServer = fakeSecretsManager();
const xServer = fakeX(posts, xCalls);
const responses: { what: string; status: number; headers: string; body: string }[] = [];
const savedEnv = { ...process.env };
let stack: LocalStack;
let collectorSummary: unknown;
const malformedSummaries: string[] = [];

async function call(path: string, init: RequestInit = {}): Promise<void> {
  const res = await fetch(`${stack.url}${path}`, {
    ...init,
    // As the dashboard sends it: from its own origin (the local stack refuses foreign pages' writes).
    headers: {
      authorization: `Bearer ${TOKEN}`,
      origin: new URL(stack.url).origin,
      ...init.headers,
    },
  });
  responses.push({
    what: `${init.method ?? 'GET'} ${path}`,
    status: res.status,
    headers: JSON.stringify([...res.headers]),
    body: await res.text(),
  });
}

beforeAll(async () => {
  capture();
  const [secretsUrl, xUrl] = await Promise.all([listen(secretsServer), listen(xServer)]);
  stack = await startLocalStack({
    port: 0,
    source: 'none',
    runtimeFile: false,
    maxWorkersPerFunction: 1,
    // Everything the functions can log, at the most talkative level, printed (not quiet).
    logLevel: 'DEBUG',
    metrics: true,
    parameterOverrides: { CollectorSources: 'x', CollectorSecretArn: SECRET_ARN },
  });

  // A client that sends the token along: the API must not echo or log it.
  await call('/api/tracks', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ term: '#aws' }),
  });

  // The collector's code, in this process, with the environment the template gives it and the
  // SDK and X pointed at the fakes.
  const collector = stack.template.functions.find((f) => f.logicalId === 'CollectorFunction')!;
  Object.assign(process.env, collector.environment, {
    AWS_ENDPOINT_URL_SECRETS_MANAGER: secretsUrl,
    AWS_ENDPOINT_URL_DYNAMODB: stack.endpoints.dynamodb,
    AWS_ENDPOINT_URL_KINESIS: stack.endpoints.kinesis,
    AWS_REGION: 'us-east-1',
    X_API_URL: xUrl,
    POWERTOOLS_LOG_LEVEL: 'DEBUG',
    POWERTOOLS_METRICS_DISABLED: 'false',
  });
  expect(process.env.X_SECRET_ARN).toBe(SECRET_ARN);
  // A fresh module registry: the shared Logger reads its level when first loaded.
  jest.resetModules();
  const { handler } = await import('../../functions/collector/collector');
  collectorSummary = await handler({ sources: ['x'], windowSeconds: 10 }, context(collector.name));
  // The same run with each malformed secret: its error goes to the log and into the result.
  const { clearTokenCache } = await import('../../functions/collector/secrets');
  for (const arn of Object.keys(MALFORMED)) {
    process.env.X_SECRET_ARN = arn;
    clearTokenCache();
    const summary = await handler({ sources: ['x'], windowSeconds: 10 }, context(collector.name));
    malformedSummaries.push(JSON.stringify(summary));
  }
  process.env.X_SECRET_ARN = SECRET_ARN;

  await pollUntil(
    () => stats(stack),
    (s) => s.posts >= posts.length,
    90_000,
  );
  const routes = stack.resources.routes;
  for (const r of routes) {
    const path = r.path.replace('{tag}', 'aws').replace('{term}', '%23nottracked');
    await call(`/api${path}`, { method: r.method });
    await call(`/api${path}?limit=100000&from=garbage`, { method: r.method });
  }
  await call('/api/tracks/%23aws', { method: 'DELETE' });
  await call('/api/does-not-exist');
  await call('/');
}, 180_000);

afterAll(async () => {
  release();
  await stack?.stop();
  await new Promise<void>((r) => secretsServer.close(() => r()));
  await new Promise<void>((r) => xServer.close(() => r()));
  for (const k of Object.keys(process.env)) if (!(k in savedEnv)) delete process.env[k];
  Object.assign(process.env, savedEnv);
});

describe('the X bearer token', () => {
  it('was really used: read from Secrets Manager and accepted by X', () => {
    expect(xCalls.authorized).toBeGreaterThan(0);
    expect(xCalls.refused).toBe(0);
    expect(collectorSummary).toMatchObject({ x: { posts: posts.length } });
  });

  it('made it through the pipeline: the collected posts are counted', async () => {
    expect((await stats(stack)).posts).toBeGreaterThanOrEqual(posts.length);
  });

  it('the capture really holds the function logs (so the search below means something)', () => {
    const lines = captured.join('').split('\n');
    // Powertools JSON lines from functions running in the stack's workers and from the collector.
    expect(lines.some((l) => l.includes('"message":"Ingest batch"'))).toBe(true);
    expect(lines.some((l) => l.includes('"message":"Collection run finished"'))).toBe(true);
    expect(lines.filter((l) => l.startsWith('{"level"')).length).toBeGreaterThan(10);
    // The stack's own start-up lines, printed through console.
    expect(lines.some((l) => /^\s*gateway\s+\d+ ms/.test(l))).toBe(true);
  });

  it('a malformed secret fails the X run with a message that quotes none of it', () => {
    expect(malformedSummaries).toHaveLength(Object.keys(MALFORMED).length);
    for (const summary of malformedSummaries) {
      expect(summary).toMatch(/"x":\{"error":"The X secret/);
      expect(leaks(summary)).toBe(false);
    }
  });

  it('appears in no log line', () => {
    const text = captured.join('');
    expect(text.split('\n').filter(leaks)).toEqual([]);
  });

  it('appears in no API response, header or body', () => {
    expect(responses.length).toBeGreaterThanOrEqual(stack.resources.routes.length * 2);
    expect(responses.filter((r) => leaks(`${r.headers}${r.body}`))).toEqual([]);
    expect(responses.every((r) => r.status < 500)).toBe(true);
  });
});
