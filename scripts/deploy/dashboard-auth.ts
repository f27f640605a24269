/** The scope template.yaml's POST/DELETE /tracks routes require (TracksResourceServer + write). */
export const TRACKS_WRITE_SCOPE = 'tracks/write';

/** What the dashboard asks for at sign-in: an ID token (openid) and the write scope. */
export const SIGN_IN_SCOPE = `openid ${TRACKS_WRITE_SCOPE}`;

/**
 * The dashboard's sign-in settings in config.json (frontend/src/app/core/config.ts reads them).
 * Without them the dashboard sends writes unsigned, as against the local stack.
 */
export interface DashboardAuthConfig {
  /** Token issuer: https://cognito-idp.<region>.amazonaws.com/<user pool id>. */
  authority: string;
  /** Hosted sign-in pages: https://<prefix>.auth.<region>.amazoncognito.com. */
  domain: string;
  clientId: string;
  /** One of the app client's CallbackURLs: the dashboard URL with a trailing slash. */
  redirectUri: string;
  scope: string;
}

/**
 * Sign-in settings from the stack's Outputs, or undefined for a stack deployed before sign-in
 * existed (its writes then stay refused, and the dashboard says so).
 */
export function authConfigFromOutputs(
  outputs: Record<string, string>,
): DashboardAuthConfig | undefined {
  const { AuthIssuer, AuthDomain, UserPoolClientId, DashboardUrl } = outputs;
  if (!AuthIssuer || !AuthDomain || !UserPoolClientId || !DashboardUrl) return undefined;
  return {
    authority: AuthIssuer.replace(/\/+$/, ''),
    domain: AuthDomain.replace(/\/+$/, ''),
    clientId: UserPoolClientId,
    redirectUri: `${DashboardUrl.replace(/\/+$/, '')}/`,
    scope: SIGN_IN_SCOPE,
  };
}
