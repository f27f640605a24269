/**
 * The deployed dashboard may connect only to itself, its stack's own API and its sign-in domain.
 * CloudFront's response headers policy cannot name the API: in template.yaml the HttpApi
 * depends on the distribution (its CORS origin, and the sign-in client its JWT authorizer
 * trusts), so naming the API in the distribution's policy would be a dependency cycle. That
 * header allows the region's API Gateway domains; this step adds a `<meta>` policy to
 * index.html naming the API host from the stack's Outputs. Browsers enforce every policy a page
 * has, so a connection must pass both: only the stack's own API does.
 */

/** A source of the policy: `'self'` or an https origin, nothing that could add a directive. */
const SOURCE = /^('self'|https:\/\/[a-z0-9.-]+(:\d{1,5})?)$/;

function originOf(url: string, what: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`${what} is not a URL: ${url}`);
  }
  if (parsed.protocol !== 'https:') throw new Error(`${what} must be https: ${url}`);
  return parsed.origin;
}

/** `connect-src` of the deployed dashboard: itself, the API, the sign-in domain when there is one. */
export function connectSources(apiUrl: string, authDomain?: string): string[] {
  return [
    "'self'",
    originOf(apiUrl, 'ApiUrl'),
    ...(authDomain ? [originOf(authDomain, 'AuthDomain')] : []),
  ];
}

/** index.html with a policy limiting connections to `sources`, before anything can load. */
export function withConnectPolicy(html: string, sources: readonly string[]): string {
  const bad = sources.find((s) => !SOURCE.test(s));
  if (bad !== undefined) throw new Error(`Not a CSP source: ${JSON.stringify(bad)}`);
  const meta = `<meta http-equiv="Content-Security-Policy" content="connect-src ${sources.join(' ')}">`;
  // After the charset (which must come first), ahead of every script and stylesheet.
  const charset = /<meta\s+charset=[^>]*>/i.exec(html);
  if (charset) {
    const at = charset.index + charset[0].length;
    return `${html.slice(0, at)}${meta}${html.slice(at)}`;
  }
  const head = /<head(\s[^>]*)?>/i.exec(html);
  if (!head) throw new Error('index.html has no <head> to put the Content-Security-Policy in');
  const at = head.index + head[0].length;
  return `${html.slice(0, at)}${meta}${html.slice(at)}`;
}
