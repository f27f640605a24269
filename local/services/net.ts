import type { Server as HttpServer } from 'node:http';
import { createServer, type Server } from 'node:net';

export const LOOPBACK = '127.0.0.1';

/** A free TCP port on loopback, for services (like DynamoDB Local) that cannot report theirs. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, LOOPBACK, resolve);
  });
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (typeof address !== 'object' || address === null) throw new Error('No port assigned');
  return address.port;
}

/** Listens on host:port and resolves with the bound port; rejects with the listen error. */
export async function listen(server: Server, port: number, host = LOOPBACK): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    const onError = (err: Error): void => reject(err);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('No port assigned');
  return address.port;
}

/** Closes a server, dropping idle keep-alive connections so close() does not wait for them. */
export async function closeServer(server: HttpServer): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}
