/**
 * Security headers for the dashboard. The CSP allows only the app's own scripts; styles may be
 * inline because Angular and Leaflet set style attributes; map tiles come from the configured
 * tile host; the app calls its own origin and the API's.
 */

/**
 * `https://{s}.tile.example.org/{z}/{x}/{y}.png` -> `https://*.tile.example.org`. Anything that is
 * not a plain host (a `;`, a space, a quote, user info) yields no source rather than text that
 * could add a directive to the policy, and so does a template in any label but the first, which
 * would otherwise widen the source to a whole scheme.
 */
export function tileSource(tileUrl: string): string | undefined {
  const m = /^(https?:)\/\/([a-z0-9.{}-]+)(:\d{1,5})?(?:[/?#]|$)/i.exec(tileUrl);
  if (!m) return undefined;
  const scheme = m[1]!.toLowerCase();
  const port = m[3] ?? '';
  const labels = m[2]!.toLowerCase().split('.');
  if (labels.some((l) => l === '')) return undefined;
  if (!labels.some((l) => l.includes('{'))) return `${scheme}//${labels.join('.')}${port}`;
  if (labels.slice(1).some((l) => l.includes('{')) || labels.length < 3) return undefined;
  return `${scheme}//*.${labels.slice(1).join('.')}${port}`;
}

function originOf(url: string): string | undefined {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.origin : undefined;
  } catch {
    return undefined;
  }
}

/** API base URLs in the runtime config: any string value under a key like `apiUrl`/`apiBaseUrl`. */
function apiOrigins(config: Record<string, unknown>): string[] {
  return Object.entries(config)
    .filter(([k, v]) => /api/i.test(k) && /url$/i.test(k) && typeof v === 'string')
    .map(([, v]) => originOf(v as string))
    .filter((o): o is string => o !== undefined);
}

export function contentSecurityPolicy(config: Record<string, unknown>, ownOrigin?: string): string {
  const tiles = typeof config.tileUrl === 'string' ? tileSource(config.tileUrl) : undefined;
  const apis = apiOrigins(config).filter((o) => o !== ownOrigin);
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    ['img-src', "'self'", 'data:', ...(tiles ? [tiles] : [])].join(' '),
    ['connect-src', "'self'", ...new Set(apis)].join(' '),
    "font-src 'self' data:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export function securityHeaders(csp: string): [string, string][] {
  return [
    ['content-security-policy', csp],
    ['x-content-type-options', 'nosniff'],
    // Tile servers such as OpenStreetMap's require a Referer naming the site.
    ['referrer-policy', 'strict-origin-when-cross-origin'],
    ['x-frame-options', 'DENY'],
    ['cross-origin-opener-policy', 'same-origin'],
  ];
}
