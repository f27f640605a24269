import {
  type Agent,
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  request,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { LOOPBACK } from './net';

/** DynamoDB data-plane operations by kind, as they appear in `X-Amz-Target`. */
export const DYNAMODB_READS: ReadonlySet<string> = new Set([
  'GetItem',
  'Query',
  'Scan',
  'BatchGetItem',
  'TransactGetItems',
]);
export const DYNAMODB_WRITES: ReadonlySet<string> = new Set([
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'BatchWriteItem',
  'TransactWriteItems',
]);

/**
 * A loopback HTTP server for proxies that sit in front of a local service (the benchmark's
 * counting proxy, the fault suite's throttling proxy): it reads each request body whole, then
 * hands it to `handle`.
 */
export async function startBufferingServer(
  handle: (req: IncomingMessage, res: ServerResponse, body: Buffer) => void,
): Promise<{ endpoint: string; stop(): Promise<void> }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handle(req, res, Buffer.concat(chunks)));
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, LOOPBACK, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://${LOOPBACK}:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Sends a buffered request on to `target`; `onResponse` gets the upstream response and must
 * answer `res`. An unreachable upstream is a 502 with the error as text.
 */
export function forward(
  to: { target: URL; agent: Agent },
  req: IncomingMessage,
  res: ServerResponse,
  body: Buffer,
  onResponse: (upstream: IncomingMessage) => void,
  headers: IncomingHttpHeaders = req.headers,
): void {
  const upstream = request(
    {
      host: to.target.hostname,
      port: to.target.port,
      path: req.url,
      method: req.method,
      headers,
      agent: to.agent,
    },
    onResponse,
  );
  upstream.on('error', (err) => {
    if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
    res.end(String(err));
  });
  upstream.end(body);
}
