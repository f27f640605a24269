import type { IncomingMessage } from 'node:http';

/**
 * What keeps other web sites out of the local stack. It listens on 127.0.0.1 only, but the
 * user's browser is on the same machine, so any page they visit could try two things:
 *
 * - DNS rebinding: a page at `http://evil.example:3000` makes its name resolve to 127.0.0.1 and
 *   then reads and writes the API as "same origin". Its requests still carry `Host:
 *   evil.example:3000`, so every request must name this machine (a loopback name) and the
 *   gateway's port.
 * - Cross-site writes: a page POSTs to `http://127.0.0.1:3000/api/tracks` with a "simple"
 *   request (`text/plain` or a form), which browsers send without a CORS preflight. Writes must
 *   come from the dashboard's own origin or the template's allowed origin when they carry an
 *   `Origin` (every browser sends one on POST and DELETE), and must be JSON, which a page can
 *   only send cross-site after a preflight that the CORS policy refuses.
 *
 * A request without `Origin` did not come from a web page (a CLI, a test, `npm run produce`) and
 * is let through: its sender can reach 127.0.0.1 anyway.
 */

export interface Refusal {
  status: number;
  message: string;
}

/** Names a browser uses for this machine without asking DNS, so no page can rebind them. */
const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]']);
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Methods whose requests carry a body by definition; a DELETE only when it sends one. */
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);
const JSON_TYPE = /^application\/json\s*(;|$)/i;

/** The origins a browser gives pages served by the gateway at this port. */
export function ownOrigins(port: number): string[] {
  return [...LOOPBACK_NAMES].map((name) => `http://${name}:${port}`);
}

/** `Host` names this machine (a loopback name) and the gateway's port. */
export function isLoopbackHost(host: string | undefined, port: number): boolean {
  if (host === undefined) return false;
  const m = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::(\d{1,5}))?$/i.exec(host.trim());
  if (!m) return false;
  const hostPort = m[2] === undefined ? 80 : Number(m[2]);
  return LOOPBACK_NAMES.has(m[1]!.toLowerCase()) && hostPort === port;
}

/** Any request whose Host is not this machine: refused before it reaches a route or a file. */
export function refuseForeignHost(req: IncomingMessage, port: number): Refusal | undefined {
  if (isLoopbackHost(req.headers.host, port)) return undefined;
  return {
    status: 421,
    message: `Misdirected Request: the local stack answers only requests for localhost, 127.0.0.1 or [::1] port ${port}`,
  };
}

const hasBody = (req: IncomingMessage): boolean =>
  req.headers['transfer-encoding'] !== undefined ||
  (req.headers['content-length'] !== undefined && req.headers['content-length'] !== '0');

/**
 * A write (any method but GET, HEAD and OPTIONS) from a foreign page, or with a body that is not
 * JSON: refused before the route's function runs. `trustedOrigins` are the dashboard's own
 * origins and the template's allowed ones.
 */
export function refuseCrossSiteWrite(
  req: IncomingMessage,
  trustedOrigins: readonly string[],
): Refusal | undefined {
  const method = (req.method ?? 'GET').toUpperCase();
  if (SAFE_METHODS.has(method)) return undefined;
  const origin = req.headers.origin;
  // `Origin: null` is what sandboxed frames, data: URLs and some redirects send: never trusted.
  if (origin !== undefined && !trustedOrigins.includes(origin)) {
    return {
      status: 403,
      message: `Forbidden: writes are accepted from the dashboard's own origin only, not from ${JSON.stringify(origin)}`,
    };
  }
  if (
    (BODY_METHODS.has(method) || hasBody(req)) &&
    !JSON_TYPE.test(req.headers['content-type'] ?? '')
  ) {
    return {
      status: 415,
      message: 'Unsupported Media Type: send the body as JSON with Content-Type: application/json',
    };
  }
  return undefined;
}
