import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { parseTerm, type TrackedTerm } from '../social/tracking/terms';
import { requireEnv } from '../shared/env';
import { BadRequestError, CACHE_NONE, httpHandler, json, type ApiResult } from '../shared/http';
import { addTrack, removeTrack, TooManyTracksError } from './tracks-store';

/** POST /tracks {"term": "#tag"} and DELETE /tracks/{term}. IAM-authorized in AWS. */

const BODY_EXAMPLE = 'send a JSON body such as {"term": "#aws"}';

// A lone surrogate cannot be stored as it is (DynamoDB takes UTF-8) nor put in a Location URL.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function termOf(input: unknown): TrackedTerm {
  if (typeof input === 'string' && LONE_SURROGATE.test(input)) {
    throw new BadRequestError('term must be valid Unicode text (it holds a lone surrogate)');
  }
  const parsed = parseTerm(input);
  if (parsed.ok) return parsed.term;
  throw new BadRequestError(
    parsed.reason.startsWith('term ') ? parsed.reason : `term is invalid: ${parsed.reason}`,
  );
}

function bodyOf(event: APIGatewayProxyEventV2): unknown {
  if (!event.body) throw new BadRequestError(`body is missing: ${BODY_EXAMPLE}`);
  const text = event.isBase64Encoded
    ? Buffer.from(event.body, 'base64').toString('utf8')
    : event.body;
  try {
    return JSON.parse(text);
  } catch {
    throw new BadRequestError(`body is not valid JSON: ${BODY_EXAMPLE}`);
  }
}

/** `%23aws` arrives decoded or not depending on the integration; a literal % stays as it is. */
function decodePath(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

async function add(event: APIGatewayProxyEventV2): Promise<ApiResult> {
  const body = bodyOf(event);
  if (typeof body !== 'object' || body === null || Array.isArray(body) || !('term' in body)) {
    throw new BadRequestError(`body must be an object with a term: ${BODY_EXAMPLE}`);
  }
  const term = termOf((body as { term: unknown }).term);
  try {
    const { track, created } = await addTrack(requireEnv('TRACKS_TABLE'), term);
    const res = json(created ? 201 : 200, track, CACHE_NONE);
    res.headers.location = `/tracks/${encodeURIComponent(track.key)}`;
    return res;
  } catch (err) {
    if (err instanceof TooManyTracksError) return json(409, { message: err.message }, CACHE_NONE);
    throw err;
  }
}

async function remove(event: APIGatewayProxyEventV2): Promise<ApiResult> {
  const raw = event.pathParameters?.term;
  if (raw === undefined) throw new BadRequestError('term is missing from the path');
  const term = termOf(decodePath(raw));
  const removed = await removeTrack(requireEnv('TRACKS_TABLE'), term.key);
  if (!removed) return json(404, { message: `${term.key} is not tracked` }, CACHE_NONE);
  return { statusCode: 204, headers: { 'cache-control': CACHE_NONE }, body: '' };
}

export const handler = httpHandler(async (event) => {
  const method = event.requestContext?.http?.method;
  if (method === 'POST') return add(event);
  if (method === 'DELETE') return remove(event);
  return json(405, { message: `method ${String(method)} is not allowed here` }, CACHE_NONE);
});
