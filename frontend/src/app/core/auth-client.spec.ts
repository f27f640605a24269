import { webcrypto } from 'node:crypto';
import { OidcClient, WebStorageStateStore, type UserManager } from 'oidc-client-ts';
import { TEST_AUTH } from '../../testing/fake-auth';
import { createOidcClient, userManagerSettings } from './auth-client';

/** The real oidc-client-ts with the dashboard's settings: what goes to Cognito's /authorize. */
describe('oidc-client-ts settings for Cognito', () => {
  // jsdom's crypto has no SubtleCrypto, which browsers (and Node) have for the S256 challenge.
  beforeAll(() => {
    Object.defineProperty(globalThis.crypto, 'subtle', {
      value: webcrypto.subtle,
      configurable: true,
    });
  });
  afterAll(() => {
    delete (globalThis.crypto as { subtle?: unknown }).subtle;
  });
  afterEach(() => sessionStorage.clear());

  async function authorizeRequest(): Promise<URL> {
    const { storage, ...settings } = userManagerSettings(
      TEST_AUTH,
      'http://localhost/',
      sessionStorage,
    );
    const store = new WebStorageStateStore({ store: storage });
    const client = new OidcClient({ ...settings, stateStore: store });
    const request = await client.createSigninRequest({ state: { tag: 'aws' } });
    return new URL(request.url);
  }

  it('asks the hosted pages for an authorization code with a S256 PKCE challenge', async () => {
    const url = await authorizeRequest();
    expect(`${url.origin}${url.pathname}`).toBe(`${TEST_AUTH.domain}/oauth2/authorize`);
    const q = url.searchParams;
    expect(q.get('response_type')).toBe('code');
    expect(q.get('client_id')).toBe('client123');
    expect(q.get('redirect_uri')).toBe('http://localhost/');
    expect(q.get('scope')).toBe('openid tracks/write');
    expect(q.get('code_challenge_method')).toBe('S256');
    expect(q.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(q.get('state')).toBeTruthy();
    expect(q.has('client_secret')).toBe(false);
  });

  it('keeps the PKCE verifier for the way back in the tab (sessionStorage), not localStorage', async () => {
    const url = await authorizeRequest();
    const key = `oidc.${url.searchParams.get('state')}`;
    const stored = JSON.parse(sessionStorage.getItem(key) ?? '{}') as Record<string, unknown>;
    expect(stored['code_verifier']).toEqual(expect.any(String));
    expect(stored['data']).toEqual({ tag: 'aws' });
    expect(localStorage.length).toBe(0);
  });

  it('uses the hosted pages for tokens and sign-out, with no discovery request', async () => {
    const fetchSpy = jest.fn();
    const realFetch = globalThis.fetch;
    globalThis.fetch = fetchSpy;
    try {
      const manager = (await createOidcClient(TEST_AUTH, 'http://localhost/')) as UserManager;
      expect(manager.settings.response_type).toBe('code');
      await expect(manager.metadataService.getTokenEndpoint()).resolves.toBe(
        `${TEST_AUTH.domain}/oauth2/token`,
      );
      await expect(manager.metadataService.getIssuer()).resolves.toBe(TEST_AUTH.authority);
      expect(fetchSpy).not.toHaveBeenCalled();
    } finally {
      globalThis.fetch = realFetch;
    }
  });
});
