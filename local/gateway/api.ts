import type { IncomingMessage } from 'node:http';
import type { InvokeFunction, RouteDef } from '../types';
import { applyCors, isPreflight, preflightHeaders, type CorsConfig } from './cors';
import { refuseCrossSiteWrite } from './cross-site';
import { buildEvent, newRequestId } from './event';
import { internalError, jsonReply, mapResult, refusalReply, type HttpReply } from './response';
import { compileRoutes, matchRoute } from './routes';
import { routeThrottle, type ThrottleSettings } from './throttle';

/** HTTP API's payload limit. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;

class TooLarge extends Error {}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) reject(new TooLarge());
      else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

const TIMED_OUT = Symbol('timed out');

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T | typeof TIMED_OUT> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMED_OUT), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

export interface ApiOptions {
  routes: RouteDef[];
  invoke: InvokeFunction;
  cors?: CorsConfig;
  /** Origins writes may come from: the dashboard's own and the template's allowed ones. */
  trustedOrigins: readonly string[];
  /** The HttpApi's DefaultRouteSettings throttling; none: unlimited. */
  throttle?: ThrottleSettings;
  timeoutMs: number;
}

/** Answers `/api/...` as an HTTP API with Lambda proxy integrations (payload format 2.0). */
export function createApi(opts: ApiOptions) {
  const routes = compileRoutes(opts.routes);
  const { cors, timeoutMs } = opts;
  const mayPass = opts.throttle ? routeThrottle(opts.throttle) : () => true;

  return async function api(
    req: IncomingMessage,
    rawPath: string,
    rawQuery: string,
  ): Promise<HttpReply> {
    const requestId = newRequestId();
    const idHeader: [string, string] = ['apigw-requestid', requestId];
    if (cors && isPreflight(req)) {
      return {
        status: 204,
        headers: [...preflightHeaders(cors, req), idHeader],
        body: Buffer.alloc(0),
      };
    }
    const method = (req.method ?? 'GET').toUpperCase();
    const match = matchRoute(routes, method, rawPath === '' ? '/' : rawPath);
    // Only what would reach a function is refused: other paths get the 404 they would anyway.
    const refusal = match ? refuseCrossSiteWrite(req, opts.trustedOrigins) : undefined;
    let reply: HttpReply;
    if (!match) {
      req.resume();
      reply = jsonReply(404, { message: 'Not Found' });
    } else if (!mayPass(match.route.routeKey)) {
      req.resume();
      // API Gateway's own answer to a throttled request.
      reply = refusalReply(429, 'Too Many Requests');
    } else if (refusal) {
      req.resume();
      reply = refusalReply(refusal.status, refusal.message);
    } else {
      let body: Buffer;
      try {
        body = await readBody(req);
      } catch (err) {
        if (err instanceof TooLarge) {
          return jsonReply(413, { message: 'Request Entity Too Large' }, [idHeader]);
        }
        throw err;
      }
      const event = buildEvent({
        req,
        rawPath: rawPath === '' ? '/' : rawPath,
        rawQueryString: rawQuery,
        match,
        body,
        requestId,
        now: new Date(),
      });
      try {
        const result = await withTimeout(
          opts.invoke(match.route.def.functionLogicalId, event),
          timeoutMs,
        );
        reply =
          result === TIMED_OUT
            ? jsonReply(503, { message: 'Service Unavailable' })
            : mapResult(result);
      } catch {
        // A function error (or a function timeout) is a 500 from API Gateway, whatever the error.
        reply = internalError();
      }
    }
    const headers = cors ? applyCors(cors, req, reply.headers) : reply.headers;
    return { ...reply, headers: [...headers, idHeader] };
  };
}
