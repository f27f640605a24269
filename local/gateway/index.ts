import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { InvokeFunction, RouteDef } from '../types';
import { createApi } from './api';
import { TEMPLATE_CORS, type CorsConfig } from './cors';
import { ownOrigins, refuseForeignHost } from './cross-site';
import { internalError, refusalReply, type HttpReply } from './response';
import { contentSecurityPolicy, securityHeaders } from './security';
import { createStaticSite } from './static-site';
import type { ThrottleSettings } from './throttle';

export type { CorsConfig } from './cors';
export type { ThrottleSettings } from './throttle';

export interface GatewayOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  routes: RouteDef[];
  invoke: InvokeFunction;
  /** The Angular build (the folder holding index.html). */
  staticDir?: string;
  /** Served as /config.json; `tileUrl` and any `api...Url` also shape the CSP. */
  config: Record<string, unknown>;
  /**
   * The HttpApi's AllowOrigins that mean something locally, besides the dashboard's, which is
   * the gateway's own origin here. With neither this nor `cors`, no CORS headers are sent.
   */
  allowedOrigins?: string[];
  /** The rest of the HttpApi CorsConfiguration; defaults to template.yaml's. */
  cors?: Partial<Omit<CorsConfig, 'allowOrigins'>>;
  /** The HttpApi's DefaultRouteSettings throttling, per route; without it, no limit. */
  throttle?: ThrottleSettings;
  /** HTTP API's integration timeout; past it the client gets 503, as from API Gateway. */
  integrationTimeoutMs?: number;
  /** Shown on the page served while the dashboard is not built. */
  buildHint?: string;
}

export interface Gateway {
  url: string;
  port: number;
  stop(): Promise<void>;
}

const API_PREFIX = '/api';

function send(res: ServerResponse, reply: HttpReply, head: boolean): void {
  res.writeHead(
    reply.status,
    [...reply.headers, ['content-length', String(reply.body.length)]].flat(),
  );
  res.end(head ? undefined : reply.body);
}

/**
 * The local HTTP API and dashboard host: `/api/<route>` invokes the template's functions with
 * the HTTP API payload format 2.0, `/config.json` is the dashboard's runtime config, and
 * everything else is the dashboard build.
 */
export async function startGateway(opts: GatewayOptions): Promise<Gateway> {
  const configBody = Buffer.from(JSON.stringify(opts.config));

  async function handle(
    req: IncomingMessage,
    res: ServerResponse,
    site: ReturnType<typeof createStaticSite>,
    pageHeaders: [string, string][],
    api: ReturnType<typeof createApi>,
  ): Promise<void> {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const rawPath = q === -1 ? url : url.slice(0, q);
    const rawQuery = q === -1 ? '' : url.slice(q + 1);
    const head = req.method === 'HEAD';

    const foreign = refuseForeignHost(req, port);
    if (foreign) {
      req.resume();
      return send(res, refusalReply(foreign.status, foreign.message), head);
    }

    if (rawPath === API_PREFIX || rawPath.startsWith(`${API_PREFIX}/`)) {
      return send(res, await api(req, rawPath.slice(API_PREFIX.length), rawQuery), head);
    }
    if (rawPath === '/config.json') {
      return send(
        res,
        {
          status: 200,
          headers: [
            ...pageHeaders,
            ['content-type', 'application/json; charset=utf-8'],
            ['cache-control', 'no-cache'],
          ],
          body: configBody,
        },
        head,
      );
    }
    return site(req, res, rawPath);
  }

  // Requests are taken once the port, and so the page's own origin for its CSP, is known.
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = ['0.0.0.0', '::', ''].includes(opts.host)
    ? '127.0.0.1'
    : opts.host.includes(':')
      ? `[${opts.host}]`
      : opts.host;
  const url = `http://${host}:${port}`;

  // The dashboard is served from here, so its origin is the gateway's own.
  const trustedOrigins = [...ownOrigins(port), ...(opts.allowedOrigins ?? [])];
  const api = createApi({
    routes: opts.routes,
    invoke: opts.invoke,
    cors:
      opts.cors || opts.allowedOrigins
        ? { ...TEMPLATE_CORS, ...opts.cors, allowOrigins: trustedOrigins }
        : undefined,
    trustedOrigins,
    ...(opts.throttle ? { throttle: opts.throttle } : {}),
    timeoutMs: opts.integrationTimeoutMs ?? 30_000,
  });
  const pageHeaders = securityHeaders(contentSecurityPolicy(opts.config, url));
  const site = createStaticSite({
    dir: opts.staticDir,
    headers: pageHeaders,
    buildHint: opts.buildHint ?? 'cd frontend && npx ng build',
  });
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res, site, pageHeaders, api).catch((err: unknown) => {
      console.error('[gateway]', err);
      if (!res.headersSent) send(res, internalError(), false);
      else res.destroy();
    });
  });

  return {
    url,
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
