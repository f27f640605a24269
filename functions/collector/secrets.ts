import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { RedditCredentials } from '../../sources/reddit/api';
import { tracer } from '../shared/powertools';

/**
 * The collector's credentials, from Secrets Manager (never from a plain environment variable):
 * the X bearer token from the secret named by X_SECRET_ARN (the token itself or JSON with
 * `xBearerToken`), the Reddit app's id and secret from the one named by REDDIT_SECRET_ARN
 * (JSON `{"clientId": "...", "clientSecret": "...", "userAgent": "..."}`). Each is cached for a
 * few minutes so warm invocations skip the call but still see a rotation soon.
 */

const client = tracer.captureAWSv3Client(new SecretsManagerClient({}));
const CACHE_MS = 5 * 60_000;
let cached: { token: string | undefined; at: number } | undefined;
let cachedReddit: { credentials: RedditCredentials | undefined; at: number } | undefined;

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

const REDDIT_SHAPE =
  'JSON such as {"clientId": "...", "clientSecret": "...", "userAgent": "<platform>:<app>:<version> (by /u/<user>)"}';
// Client ids and secrets are URL-safe base64-like strings; nothing a header could choke on.
const CREDENTIAL_RE = /^[A-Za-z0-9_-]{1,200}$/;

/**
 * The Reddit app's credentials from the secret's text. Like tokenFromSecret, a malformed secret
 * is described, never quoted.
 */
export function redditCredentialsFromSecret(secret: string): RedditCredentials {
  let parsed: unknown;
  try {
    parsed = JSON.parse(secret);
  } catch {
    throw new MalformedSecretError(`The Reddit secret is not valid JSON; expected ${REDDIT_SHAPE}`);
  }
  const fields = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as {
    clientId?: unknown;
    clientSecret?: unknown;
    userAgent?: unknown;
  };
  for (const name of ['clientId', 'clientSecret'] as const) {
    const value = fields[name];
    if (typeof value !== 'string' || !CREDENTIAL_RE.test(value)) {
      throw new MalformedSecretError(
        `The Reddit secret's ${name} is ${value === undefined ? 'missing' : 'not an id (letters, digits, - and _)'}; expected ${REDDIT_SHAPE}`,
      );
    }
  }
  const userAgent = fields.userAgent;
  if (userAgent !== undefined && (typeof userAgent !== 'string' || /[\r\n]/.test(userAgent))) {
    throw new MalformedSecretError(`The Reddit secret's userAgent is not one line of text`);
  }
  return {
    clientId: fields.clientId as string,
    clientSecret: fields.clientSecret as string,
    ...(typeof userAgent === 'string' && userAgent.trim() ? { userAgent: userAgent.trim() } : {}),
  };
}

export async function redditCredentials(now = Date.now()): Promise<RedditCredentials | undefined> {
  const arn = process.env.REDDIT_SECRET_ARN;
  if (!arn) return undefined;
  if (cachedReddit && now - cachedReddit.at < CACHE_MS) return cachedReddit.credentials;
  const res = await client.send(new GetSecretValueCommand({ SecretId: arn }));
  const credentials = res.SecretString ? redditCredentialsFromSecret(res.SecretString) : undefined;
  cachedReddit = { credentials, at: now };
  return credentials;
}

/** For tests. */
export function clearTokenCache(): void {
  cached = undefined;
  cachedReddit = undefined;
}
