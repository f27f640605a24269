import { InjectionToken } from '@angular/core';

/** Run-time settings from `config.json` next to index.html, so one build serves every stage. */
export interface AppConfig {
  /** Base URL of the HTTP API, without a trailing slash: `/api` locally, the API URL in AWS. */
  apiBaseUrl: string;
  /** Optional online tile layer (`{z}/{x}/{y}` template); the offline world outline is used without it. */
  tileUrl?: string;
  tileAttribution?: string;
  /** Sign-in for the /tracks writes (AWS). Absent: writes are sent unsigned (the local stack). */
  auth?: AuthConfig;
}

/** The Cognito user pool and app client the dashboard signs in with (written by deploy:dashboard). */
export interface AuthConfig {
  /** Token issuer, https://cognito-idp.<region>.amazonaws.com/<user pool id>. */
  authority: string;
  /** Hosted sign-in pages, https://<prefix>.auth.<region>.amazoncognito.com. */
  domain: string;
  clientId: string;
  /** A registered callback URL; the page's own origin + '/' when absent or on another origin. */
  redirectUri?: string;
  /** Space-separated scopes to ask for; the write routes need `tracks/write`. */
  scope: string;
}

export const DEFAULT_CONFIG: AppConfig = { apiBaseUrl: '/api' };

export const APP_CONFIG = new InjectionToken<AppConfig>('AppConfig', {
  factory: () => DEFAULT_CONFIG,
});

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function httpsUrl(value: unknown): string | undefined {
  const text = optionalString(value);
  if (!text) return undefined;
  try {
    return new URL(text).protocol === 'https:' ? text.replace(/\/+$/, '') : undefined;
  } catch {
    return undefined;
  }
}

function httpUrl(value: unknown): string | undefined {
  const text = optionalString(value);
  if (!text) return undefined;
  try {
    return /^https?:$/.test(new URL(text).protocol) ? text : undefined;
  } catch {
    return undefined;
  }
}

/** All of authority, domain and client id, or no sign-in at all. */
function parseAuth(raw: unknown): AuthConfig | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const source = raw as Record<string, unknown>;
  const authority = httpsUrl(source['authority']);
  const domain = httpsUrl(source['domain']);
  const clientId = optionalString(source['clientId']);
  if (!authority || !domain || !clientId) return undefined;
  const redirectUri = httpUrl(source['redirectUri']);
  return {
    authority,
    domain,
    clientId,
    ...(redirectUri ? { redirectUri } : {}),
    scope: optionalString(source['scope']) ?? 'openid',
  };
}

/** Keeps only well-formed fields, so a hand-edited config.json cannot break start-up. */
export function parseConfig(raw: unknown): AppConfig {
  const source = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const apiBaseUrl = optionalString(source['apiBaseUrl'])?.replace(/\/+$/, '') ?? '';
  const tileUrl = optionalString(source['tileUrl']);
  const tileAttribution = optionalString(source['tileAttribution']);
  const auth = parseAuth(source['auth']);
  return {
    apiBaseUrl: apiBaseUrl === '' ? DEFAULT_CONFIG.apiBaseUrl : apiBaseUrl,
    ...(tileUrl ? { tileUrl } : {}),
    ...(tileAttribution ? { tileAttribution } : {}),
    ...(auth ? { auth } : {}),
  };
}

/**
 * Reads config.json before Angular starts. A missing or broken file falls back to the defaults
 * (with a console warning) rather than leaving the user with a blank page.
 */
export async function loadConfig(
  fetchFn: typeof fetch = fetch,
  url = 'config.json',
): Promise<AppConfig> {
  try {
    const response = await fetchFn(url, { cache: 'no-store' });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return parseConfig(await response.json());
  } catch (error) {
    console.warn(`Could not read ${url}; using ${DEFAULT_CONFIG.apiBaseUrl}`, error);
    return DEFAULT_CONFIG;
  }
}
