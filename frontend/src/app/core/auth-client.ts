import { InjectionToken } from '@angular/core';
import type { UserManagerSettings } from 'oidc-client-ts';
import type { AuthConfig } from './config';

/** The part of a signed-in user the dashboard uses (oidc-client-ts's `User` has these). */
export interface AuthUser {
  readonly access_token: string;
  readonly refresh_token?: string;
  readonly expired: boolean | undefined;
  readonly profile: { readonly sub: string; readonly email?: string };
  /** What `signinRedirect({ state })` carried through the round trip. */
  readonly state: unknown;
}

/** The part of oidc-client-ts's `UserManager` the AuthService calls; tests fake it. */
export interface AuthClient {
  getUser(): Promise<AuthUser | null>;
  signinRedirect(args?: { state?: unknown }): Promise<void>;
  signinCallback(url?: string): Promise<AuthUser | undefined>;
  /** With a refresh token: a token request, no page or frame. */
  signinSilent(): Promise<AuthUser | null>;
  removeUser(): Promise<void>;
}

export type AuthClientFactory = (config: AuthConfig, redirectUri: string) => Promise<AuthClient>;

/**
 * Settings for the authorization code flow with PKCE (oidc-client-ts's default for
 * `response_type: 'code'`) against Cognito's hosted pages.
 */
export function userManagerSettings(
  config: AuthConfig,
  redirectUri: string,
  storage: Storage,
): Omit<UserManagerSettings, 'userStore' | 'stateStore'> & { storage: Storage } {
  return {
    authority: config.authority,
    client_id: config.clientId,
    redirect_uri: redirectUri,
    post_logout_redirect_uri: redirectUri,
    response_type: 'code',
    scope: config.scope,
    // Tokens are renewed when a write needs one, not by a timer in every open tab.
    automaticSilentRenew: false,
    loadUserInfo: false,
    // Given, not discovered: Cognito's discovery document lives on another host (one more CSP
    // origin and a request before every sign-in) and lacks the /logout endpoint.
    metadata: {
      issuer: config.authority,
      authorization_endpoint: `${config.domain}/oauth2/authorize`,
      token_endpoint: `${config.domain}/oauth2/token`,
      userinfo_endpoint: `${config.domain}/oauth2/userInfo`,
      revocation_endpoint: `${config.domain}/oauth2/revoke`,
      end_session_endpoint: `${config.domain}/logout`,
      jwks_uri: `${config.authority}/.well-known/jwks.json`,
    },
    storage,
  };
}

/**
 * Loads oidc-client-ts on first use, so the library (about 20 kB gzip) is a lazy chunk that a
 * dashboard without sign-in never fetches. Tokens and the PKCE verifier live in sessionStorage:
 * the verifier must survive the redirect to the hosted pages, and a reload should not sign the
 * user out, while the tab's storage is gone when the tab closes and is not shared with others.
 */
export const createOidcClient: AuthClientFactory = async (config, redirectUri) => {
  const { UserManager, WebStorageStateStore } = await import('oidc-client-ts');
  const { storage, ...settings } = userManagerSettings(config, redirectUri, sessionStorage);
  const store = new WebStorageStateStore({ store: storage });
  return new UserManager({ ...settings, userStore: store, stateStore: store });
};

export const AUTH_CLIENT_FACTORY = new InjectionToken<AuthClientFactory>('AuthClientFactory', {
  factory: () => createOidcClient,
});

/** Leaves the page for the hosted sign-out; a token so that specs can watch it. */
export const AUTH_NAVIGATE = new InjectionToken<(url: string) => void>('AuthNavigate', {
  factory: () => (url: string) => window.location.assign(url),
});
