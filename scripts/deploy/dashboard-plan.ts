import { contentTypeOf } from '../../local/gateway/mime';

export interface UploadItem {
  key: string;
  /** Absolute path of a build file, or the literal body for generated files (config.json). */
  file?: string;
  body?: string;
  contentType: string;
  cacheControl: string;
}

export interface DashboardConfig {
  apiBaseUrl: string;
  tileUrl?: string;
  tileAttribution?: string;
}

/** Angular's output names carry a content hash (main-ABCD1234.js): safe to cache forever. */
const HASHED = /-[A-Z0-9]{8}\.[a-z0-9]+$/;

export function cacheControlOf(key: string): string {
  if (key === 'index.html' || key === 'config.json') return 'no-cache';
  if (HASHED.test(key)) return 'public, max-age=31536000, immutable';
  return 'public, max-age=3600';
}

/**
 * What to put in the dashboard bucket: every file of the build (keys relative to the build
 * folder, '/' separated) plus config.json written from the stack's Outputs, so one build serves
 * every stack. `bodies` replaces build files by generated text (index.html with the stack's CSP).
 */
export function planDashboardUpload(
  files: { key: string; file: string }[],
  config: DashboardConfig,
  bodies: Readonly<Record<string, string>> = {},
): UploadItem[] {
  const items: UploadItem[] = files
    .filter((f) => f.key !== 'config.json')
    .map((f) => ({
      key: f.key,
      ...(f.key in bodies ? { body: bodies[f.key]! } : { file: f.file }),
      contentType: contentTypeOf(f.key),
      cacheControl: cacheControlOf(f.key),
    }));
  items.push({
    key: 'config.json',
    body: `${JSON.stringify(config, null, 2)}\n`,
    contentType: contentTypeOf('config.json'),
    cacheControl: cacheControlOf('config.json'),
  });
  return items;
}

/** Keys in the bucket that the new build no longer has. */
export function staleKeys(existing: string[], items: UploadItem[]): string[] {
  const keep = new Set(items.map((i) => i.key));
  return existing.filter((k) => !keep.has(k));
}
