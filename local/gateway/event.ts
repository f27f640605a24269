import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { LOCAL_ACCOUNT } from '../types';
import type { RouteMatch } from './routes';

/** A stable fake API id, as HTTP API ids look: 10 lower-case alphanumerics. */
export const LOCAL_API_ID = 'localhttp0';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number) => String(n).padStart(2, '0');

/** `12/Mar/2020:19:03:58 +0000`, the format of requestContext.time. */
export function requestTime(d: Date): string {
  return (
    `${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`
  );
}

/** HTTP API request ids look like `JKJaXmPLvHcESHA=`. */
export const newRequestId = (): string => randomBytes(11).toString('base64');

const TEXT_TYPES =
  /^(text\/|application\/(json|javascript|xml|x-www-form-urlencoded|graphql|[\w.+-]*\+(json|xml))\b)/i;

/** HTTP API passes text bodies as they are and base64-encodes everything else. */
export const isTextContent = (contentType: string | undefined): boolean =>
  contentType !== undefined && TEXT_TYPES.test(contentType);

/** Repeated keys are comma-joined, as HTTP API does. */
export function queryParameters(rawQuery: string): Record<string, string> | undefined {
  if (rawQuery === '') return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(rawQuery)) {
    out[k] = k in out ? `${out[k]},${v}` : v;
  }
  return out;
}

/** Lower-cased names, repeated headers comma-joined, cookies split out into their own list. */
function headersOf(req: IncomingMessage): { headers: Record<string, string>; cookies?: string[] } {
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  const raw = req.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase();
    const value = raw[i + 1]!;
    if (name === 'cookie') {
      cookies.push(
        ...value
          .split(';')
          .map((c) => c.trim())
          .filter((c) => c !== ''),
      );
    } else headers[name] = name in headers ? `${headers[name]},${value}` : value;
  }
  return cookies.length > 0 ? { headers, cookies } : { headers };
}

export interface EventInput {
  req: IncomingMessage;
  rawPath: string;
  rawQueryString: string;
  match: RouteMatch;
  body: Buffer;
  requestId: string;
  now: Date;
}

/** The API Gateway HTTP API payload format 2.0 event for one request. */
export function buildEvent(e: EventInput): APIGatewayProxyEventV2 {
  const { req, match } = e;
  const { headers, cookies } = headersOf(req);
  const sourceIp = (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
  const domainName = (headers.host ?? 'localhost').replace(/:\d+$/, '');
  headers['x-forwarded-for'] = headers['x-forwarded-for']
    ? `${headers['x-forwarded-for']}, ${sourceIp}`
    : sourceIp;
  headers['x-forwarded-port'] = String(req.socket.localPort ?? '');
  headers['x-forwarded-proto'] = 'http';
  headers['x-amzn-trace-id'] ??=
    `Root=1-${Math.floor(e.now.getTime() / 1000).toString(16)}-${randomBytes(12).toString('hex')}`;

  const text = isTextContent(headers['content-type']);
  const event: APIGatewayProxyEventV2 = {
    version: '2.0',
    routeKey: match.route.routeKey,
    rawPath: e.rawPath,
    rawQueryString: e.rawQueryString,
    ...(cookies ? { cookies } : {}),
    headers,
    ...(e.rawQueryString !== ''
      ? { queryStringParameters: queryParameters(e.rawQueryString) }
      : {}),
    requestContext: {
      accountId: LOCAL_ACCOUNT,
      apiId: LOCAL_API_ID,
      domainName,
      domainPrefix: domainName.split('.')[0] ?? domainName,
      http: {
        method: req.method ?? 'GET',
        path: e.rawPath,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: e.requestId,
      routeKey: match.route.routeKey,
      stage: '$default',
      time: requestTime(e.now),
      timeEpoch: e.now.getTime(),
    },
    ...(match.pathParameters ? { pathParameters: match.pathParameters } : {}),
    ...(e.body.length > 0 ? { body: e.body.toString(text ? 'utf8' : 'base64') } : {}),
    isBase64Encoded: e.body.length > 0 && !text,
  };
  return event;
}
