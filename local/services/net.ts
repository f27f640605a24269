import { closeSync, mkdirSync, openSync, statSync, unlinkSync } from 'node:fs';
import type { Server as HttpServer } from 'node:http';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const LOOPBACK = '127.0.0.1';

/**
 * Where freePort looks first: below the ephemeral ranges (Linux 32768-60999; macOS and Windows
 * 49152-65535), which `listen(0)` and every outgoing connection take their ports from. A port
 * chosen there and bound a moment later (DynamoDB Local's, and the stack's, whose endpoints are
 * known before the services start) could be taken in between by any connection the machine opens;
 * seen in CI as EADDRINUSE when several test files start stacks at once.
 */
export const FREE_PORT_RANGE = { from: 20000, to: 32767 } as const;

async function canListen(port: number): Promise<number | undefined> {
  const server = createServer();
  const ok = await new Promise<boolean>((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(port, LOOPBACK, () => resolve(true));
  });
  if (!ok) return undefined;
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  return typeof address === 'object' && address !== null ? address.port : undefined;
}

/**
 * Ports handed out stay reserved until their service binds them: within this process by a set,
 * across processes (parallel test files, a second stack) by a file per port created exclusively.
 * A port is free on loopback yet unbound for the seconds a JVM takes to start; without the
 * reservation another freePort call could choose it too (seen in CI as DynamoDB Local's
 * BindException). Reservations older than RESERVATION_MS are taken to be bound or abandoned.
 */
const handedOut = new Set<number>();
const RESERVATION_MS = 120_000;
const reservationDir = join(tmpdir(), 'social-stream-analytics-ports');

function reserve(port: number): boolean {
  if (handedOut.has(port)) return false;
  const file = join(reservationDir, String(port));
  try {
    mkdirSync(reservationDir, { recursive: true });
    try {
      if (Date.now() - statSync(file).mtimeMs > RESERVATION_MS) unlinkSync(file);
    } catch {
      // No reservation yet (or another process removed the stale one first).
    }
    closeSync(openSync(file, 'wx'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    // An unwritable temp directory: fall back to the in-process reservation alone.
  }
  handedOut.add(port);
  return true;
}

/** A free TCP port on loopback, for services (like DynamoDB Local) that cannot report theirs. */
export async function freePort(): Promise<number> {
  const { from, to } = FREE_PORT_RANGE;
  for (let i = 0; i < 50; i++) {
    const candidate = from + Math.floor(Math.random() * (to - from + 1));
    if (handedOut.has(candidate)) continue;
    const port = await canListen(candidate);
    if (port !== undefined && reserve(port)) return port;
  }
  // A crowded range: any port the system gives.
  const port = await canListen(0);
  if (port === undefined) throw new Error('No port assigned');
  handedOut.add(port);
  return port;
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
