import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { tracer } from '../shared/powertools';

/**
 * The X bearer token, from the Secrets Manager secret named by X_SECRET_ARN (never from a plain
 * environment variable). The secret is either the token itself or JSON with `xBearerToken`.
 * Cached for a few minutes so warm invocations skip the call but still see a rotation soon.
 */

const client = tracer.captureAWSv3Client(new SecretsManagerClient({}));
const CACHE_MS = 5 * 60_000;
let cached: { token: string | undefined; at: number } | undefined;

/**
 * Thrown for a secret that is neither a token nor the JSON form. Its message says what is wrong
 * and never quotes the secret: JSON.parse's own messages quote the text around the error, which
 * would put part of the token into a log line or an invocation's result.
 */
export class MalformedSecretError extends Error {
  override name = 'MalformedSecretError';
}

const SECRET_SHAPES = 'the token itself, or JSON such as {"xBearerToken": "..."}';

export function tokenFromSecret(secret: string): string | undefined {
  const text = secret.trim();
  if (!text.startsWith('{')) {
    if (/\s/.test(text)) {
      throw new MalformedSecretError(`The X secret holds whitespace; expected ${SECRET_SHAPES}`);
    }
    return text || undefined;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new MalformedSecretError(`The X secret is not valid JSON; expected ${SECRET_SHAPES}`);
  }
  const fields = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as {
    xBearerToken?: unknown;
    X_BEARER_TOKEN?: unknown;
  };
  const token = fields.xBearerToken ?? fields.X_BEARER_TOKEN;
  if (token === undefined) return undefined;
  if (typeof token !== 'string' || /\s/.test(token)) {
    throw new MalformedSecretError(
      `The X secret's xBearerToken is not a token (a string without spaces); expected ${SECRET_SHAPES}`,
    );
  }
  return token || undefined;
}

export async function xBearerToken(now = Date.now()): Promise<string | undefined> {
  const arn = process.env.X_SECRET_ARN;
  if (!arn) return undefined;
  if (cached && now - cached.at < CACHE_MS) return cached.token;
  const res = await client.send(new GetSecretValueCommand({ SecretId: arn }));
  const token = res.SecretString ? tokenFromSecret(res.SecretString) : undefined;
  cached = { token, at: now };
  return token;
}

/** For tests. */
export function clearTokenCache(): void {
  cached = undefined;
}
