import type { IncomingMessage } from 'node:http';

/** The template's HttpApi CorsConfiguration, in the local gateway's terms. */
export interface CorsConfig {
  allowOrigins: string[];
  allowMethods: string[];
  allowHeaders: string[];
  exposeHeaders?: string[];
  maxAge?: number;
  allowCredentials?: boolean;
}

/** What template.yaml's HttpApi declares besides the origin. */
export const TEMPLATE_CORS: Omit<CorsConfig, 'allowOrigins'> = {
  allowMethods: ['GET', 'POST', 'DELETE', 'OPTIONS'],
  allowHeaders: ['authorization', 'content-type'],
  maxAge: 600,
};

function allowedOrigin(cors: CorsConfig, origin: string | undefined): string | undefined {
  if (!origin) return undefined;
  if (cors.allowOrigins.includes('*')) return cors.allowCredentials ? origin : '*';
  return cors.allowOrigins.includes(origin) ? origin : undefined;
}

export const isPreflight = (req: IncomingMessage): boolean =>
  req.method === 'OPTIONS' &&
  typeof req.headers.origin === 'string' &&
  typeof req.headers['access-control-request-method'] === 'string';

/** API Gateway answers CORS preflights itself, without invoking any route. */
export function preflightHeaders(cors: CorsConfig, req: IncomingMessage): [string, string][] {
  const origin = allowedOrigin(cors, req.headers.origin);
  if (!origin) return [];
  const out: [string, string][] = [
    ['access-control-allow-origin', origin],
    ['access-control-allow-methods', cors.allowMethods.join(',')],
    ['access-control-allow-headers', cors.allowHeaders.join(',')],
  ];
  if (cors.maxAge !== undefined) out.push(['access-control-max-age', String(cors.maxAge)]);
  if (cors.allowCredentials) out.push(['access-control-allow-credentials', 'true']);
  if (origin !== '*') out.push(['vary', 'Origin']);
  return out;
}

/**
 * CORS headers on an actual response. With CORS configured, API Gateway ignores the CORS headers
 * the integration returns, so those are dropped.
 */
export function applyCors(
  cors: CorsConfig,
  req: IncomingMessage,
  headers: [string, string][],
): [string, string][] {
  const out = headers.filter(([n]) => !n.startsWith('access-control-'));
  const origin = allowedOrigin(cors, req.headers.origin);
  if (!origin) return out;
  out.push(['access-control-allow-origin', origin]);
  if (cors.exposeHeaders?.length) {
    out.push(['access-control-expose-headers', cors.exposeHeaders.join(',')]);
  }
  if (cors.allowCredentials) out.push(['access-control-allow-credentials', 'true']);
  if (origin !== '*') out.push(['vary', 'Origin']);
  return out;
}
