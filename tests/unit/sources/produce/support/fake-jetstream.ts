import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export interface Frame {
  timeUs: number;
  text: string;
}

export interface FakeJetstream {
  url: string;
  /** The request URL of each connection. */
  requests: URL[];
  close(): Promise<void>;
}

/**
 * A fake Jetstream on 127.0.0.1 replaying `frames` from the requested cursor, as Jetstream does
 * (every event with time_us >= cursor). `plan[n]` is what connection n does: send that many
 * frames then drop the connection, 'silent' (send nothing, never close), or, when absent, send
 * everything and stay open.
 */
export async function fakeJetstream(
  frames: readonly Frame[],
  plan: readonly (number | 'silent')[] = [],
): Promise<FakeJetstream> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  const requests: URL[] = [];
  wss.on('connection', (ws: WebSocket, req) => {
    const url = new URL(req.url ?? '/', 'ws://127.0.0.1');
    requests.push(url);
    const step = plan[requests.length - 1];
    if (step === 'silent') return;
    const cursor = Number(url.searchParams.get('cursor') ?? 0);
    const from = frames.filter((f) => f.timeUs >= cursor);
    for (const f of from.slice(0, step ?? from.length)) ws.send(f.text);
    if (step !== undefined) setTimeout(() => ws.terminate(), 10);
  });
  const { port } = wss.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}/subscribe`,
    requests,
    close: () =>
      new Promise((resolve) => {
        for (const c of wss.clients) c.terminate();
        wss.close(() => resolve());
      }),
  };
}
