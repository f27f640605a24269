import { InjectionToken } from '@angular/core';

/** Run-time settings from `config.json` next to index.html, so one build serves every stage. */
export interface AppConfig {
  /** Base URL of the HTTP API, without a trailing slash: `/api` locally, the API URL in AWS. */
  apiBaseUrl: string;
  /** Optional online tile layer (`{z}/{x}/{y}` template); the offline world outline is used without it. */
  tileUrl?: string;
  tileAttribution?: string;
}

export const DEFAULT_CONFIG: AppConfig = { apiBaseUrl: '/api' };

export const APP_CONFIG = new InjectionToken<AppConfig>('AppConfig', {
  factory: () => DEFAULT_CONFIG,
});

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** Keeps only well-formed fields, so a hand-edited config.json cannot break start-up. */
export function parseConfig(raw: unknown): AppConfig {
  const source = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const apiBaseUrl = optionalString(source['apiBaseUrl'])?.replace(/\/+$/, '') ?? '';
  const tileUrl = optionalString(source['tileUrl']);
  const tileAttribution = optionalString(source['tileAttribution']);
  return {
    apiBaseUrl: apiBaseUrl === '' ? DEFAULT_CONFIG.apiBaseUrl : apiBaseUrl,
    ...(tileUrl ? { tileUrl } : {}),
    ...(tileAttribution ? { tileAttribution } : {}),
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
