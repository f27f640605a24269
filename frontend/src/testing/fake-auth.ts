import type { EnvironmentProviders, Provider } from '@angular/core';
import type { AuthClient, AuthClientFactory, AuthUser } from '../app/core/auth-client';
import { AUTH_CLIENT_FACTORY, AUTH_NAVIGATE } from '../app/core/auth-client';
import type { AppConfig, AuthConfig } from '../app/core/config';
import { provideDashboardTesting } from './test-providers';

export const TEST_AUTH: AuthConfig = {
  authority: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Abc123',
  domain: 'https://social-stream-123456789012-1c2fa620.auth.us-east-1.amazoncognito.com',
  clientId: 'client123',
  redirectUri: 'http://localhost/',
  scope: 'openid tracks/write',
};

export function user(overrides: Partial<AuthUser> = {}): AuthUser {
  return {
    access_token: 'access-1',
    refresh_token: 'refresh-1',
    expired: false,
    profile: { sub: 'sub-1', email: 'ana@example.com' },
    state: undefined,
    ...overrides,
  };
}

/** Stands in for oidc-client-ts's UserManager: jest.fn()s over one stored user. */
export class FakeAuthClient implements AuthClient {
  stored: AuthUser | null = null;
  readonly getUser = jest.fn(() => Promise.resolve(this.stored));
  readonly signinRedirect = jest.fn((_args?: { state?: unknown }) => Promise.resolve());
  readonly signinCallback = jest.fn((_url?: string) =>
    Promise.resolve<AuthUser | undefined>(user()),
  );
  readonly signinSilent = jest.fn(() => Promise.resolve<AuthUser | null>(null));
  readonly removeUser = jest.fn(() => {
    this.stored = null;
    return Promise.resolve();
  });
}

export interface FakeAuth {
  client: FakeAuthClient;
  factory: jest.Mock<ReturnType<AuthClientFactory>, Parameters<AuthClientFactory>>;
  navigate: jest.Mock<void, [string]>;
  providers: (Provider | EnvironmentProviders)[];
}

/** The dashboard test providers with sign-in configured and the library replaced by a fake. */
export function provideFakeAuth(config: Partial<AppConfig> = {}): FakeAuth {
  const client = new FakeAuthClient();
  const factory = jest.fn<ReturnType<AuthClientFactory>, Parameters<AuthClientFactory>>(() =>
    Promise.resolve(client),
  );
  const navigate = jest.fn<void, [string]>();
  return {
    client,
    factory,
    navigate,
    providers: [
      ...provideDashboardTesting({ apiBaseUrl: '/api', auth: TEST_AUTH, ...config }),
      { provide: AUTH_CLIENT_FACTORY, useValue: factory },
      { provide: AUTH_NAVIGATE, useValue: navigate },
    ],
  };
}
