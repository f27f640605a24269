/** An HTTP response ready to write. Header values may repeat (set-cookie). */
export interface HttpReply {
  status: number;
  headers: [string, string][];
  body: Buffer;
}

export function jsonReply(
  status: number,
  body: unknown,
  headers: [string, string][] = [],
): HttpReply {
  return {
    status,
    headers: [['content-type', 'application/json'], ...headers],
    body: Buffer.from(JSON.stringify(body)),
  };
}

export const internalError = (): HttpReply => jsonReply(500, { message: 'Internal Server Error' });

/** A request the gateway itself turns away; like the functions' errors, never to be cached. */
export const refusalReply = (status: number, message: string): HttpReply =>
  jsonReply(status, { message }, [['cache-control', 'no-store']]);

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Maps a function's return value as HTTP API does for payload format 2.0: an object with a
 * statusCode is the response; anything else is a 200 JSON body (a string is the body itself).
 * A malformed response is the integration's fault: 500, as API Gateway answers.
 */
export function mapResult(result: unknown): HttpReply {
  if (!isRecord(result) || !('statusCode' in result)) {
    const body = typeof result === 'string' ? result : JSON.stringify(result ?? null);
    return {
      status: 200,
      headers: [['content-type', 'application/json']],
      body: Buffer.from(body),
    };
  }
  const { statusCode, headers = {}, body, isBase64Encoded, cookies = [] } = result;
  if (
    typeof statusCode !== 'number' ||
    !Number.isInteger(statusCode) ||
    statusCode < 100 ||
    statusCode > 599 ||
    !isRecord(headers) ||
    !Array.isArray(cookies) ||
    (body !== undefined && body !== null && typeof body !== 'string')
  ) {
    console.warn('[gateway] malformed function response, answering 500:', JSON.stringify(result));
    return internalError();
  }
  const out: [string, string][] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || value === null) continue;
    out.push([name.toLowerCase(), String(value)]);
  }
  if (!out.some(([n]) => n === 'content-type')) out.push(['content-type', 'application/json']);
  for (const c of cookies) out.push(['set-cookie', String(c)]);
  const text = typeof body === 'string' ? body : '';
  return {
    status: statusCode,
    headers: out,
    body: Buffer.from(text, isBase64Encoded === true ? 'base64' : 'utf8'),
  };
}
