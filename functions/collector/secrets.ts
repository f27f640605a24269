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

export function tokenFromSecret(secret: string): string | undefined {
  const text = secret.trim();
  if (!text.startsWith('{')) return text || undefined;
  const parsed = JSON.parse(text) as { xBearerToken?: unknown; X_BEARER_TOKEN?: unknown };
  const token = parsed.xBearerToken ?? parsed.X_BEARER_TOKEN;
  return typeof token === 'string' && token !== '' ? token : undefined;
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
