import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SfnApiError } from './errors';
import type { Operation } from './api';

const TARGET_PREFIX = 'AWSStepFunctions.';
const CORAL = 'com.amazon.coral.service';
/** Execution input is capped at 256 KiB; anything far beyond is not a valid request. */
const MAX_BODY_BYTES = 1_048_576;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        reject(new SfnApiError('ValidationException', 'Request body too large'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/x-amz-json-1.0',
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': randomUUID(),
  });
  res.end(text);
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  operations: Record<string, Operation>,
): Promise<void> {
  try {
    const target = req.headers['x-amz-target'];
    const name =
      typeof target === 'string' && target.startsWith(TARGET_PREFIX)
        ? target.slice(TARGET_PREFIX.length)
        : undefined;
    const operation = name === undefined ? undefined : operations[name];
    if (req.method !== 'POST' || !operation) {
      throw new SfnApiError(
        'UnknownOperationException',
        `The operation ${name ?? String(target)} is not supported by the local Step Functions endpoint`,
        400,
        CORAL,
      );
    }
    const raw = await readBody(req);
    let input: unknown;
    try {
      input = raw === '' ? {} : JSON.parse(raw);
    } catch {
      throw new SfnApiError('SerializationException', 'Request body is not valid JSON', 400, CORAL);
    }
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      throw new SfnApiError(
        'SerializationException',
        'Request body must be a JSON object',
        400,
        CORAL,
      );
    }
    send(res, 200, await operation(input as Record<string, unknown>));
  } catch (err) {
    if (err instanceof SfnApiError) {
      send(res, err.status, { __type: `${err.namespace}#${err.code}`, message: err.message });
    } else {
      send(res, 500, {
        __type: `${CORAL}#InternalFailure`,
        message: err instanceof Error ? err.message : String(err),
      });
    }
  }
}

/** An HTTP server speaking the AWS JSON 1.0 protocol of the Step Functions API. */
export function listen(
  operations: Record<string, Operation>,
  host: string,
  port = 0,
): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => void handle(req, res, operations));
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const { port: actual } = server.address() as AddressInfo;
      const h = host.includes(':') ? `[${host}]` : host;
      resolve({ server, url: `http://${h}:${actual}` });
    });
  });
}
