import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SearchPayload {
  data: { id: string; author_id: string; geo?: { place_id?: string } };
  includes?: { users?: { id: string }[]; places?: { id: string }[] };
}

export interface FakeXSearch {
  url: string;
  requests: URLSearchParams[];
  close(): Promise<void>;
}

/**
 * A fake X recent search on 127.0.0.1: pages of `pageSize`, newest first, honouring since_id,
 * with the includes of every post. `failOnRequest[n]` answers request n with [status, body].
 */
export async function fakeXSearch(
  payloads: readonly SearchPayload[],
  opts: { pageSize?: number; failOnRequest?: Record<number, [number, string]> } = {},
): Promise<FakeXSearch> {
  const pageSize = opts.pageSize ?? 2;
  const newestFirst = [...payloads].sort((a, b) =>
    BigInt(b.data.id) > BigInt(a.data.id) ? 1 : -1,
  );
  const requests: URLSearchParams[] = [];
  const server: Server = createServer((req, res) => {
    const q = new URL(req.url ?? '/', 'http://x').searchParams;
    requests.push(q);
    const fail = opts.failOnRequest?.[requests.length];
    if (fail) return void res.writeHead(fail[0]).end(fail[1]);
    const since = q.get('since_id');
    const matching = newestFirst.filter((p) => since === null || BigInt(p.data.id) > BigInt(since));
    const offset = Number(q.get('next_token') ?? 0);
    const page = matching.slice(offset, offset + pageSize);
    const more = offset + pageSize < matching.length;
    res.setHeader('content-type', 'application/json');
    res.end(
      JSON.stringify({
        ...(page.length ? { data: page.map((p) => p.data) } : {}),
        includes: {
          users: payloads.flatMap((p) => p.includes?.users ?? []),
          places: payloads.flatMap((p) => p.includes?.places ?? []),
        },
        meta: {
          result_count: page.length,
          ...(page.length ? { newest_id: page[0]!.data.id } : {}),
          ...(more ? { next_token: String(offset + pageSize) } : {}),
        },
      }),
    );
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
