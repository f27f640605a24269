import { TestBed } from '@angular/core/testing';
import { TEST_AUTH, provideFakeAuth, user, type FakeAuth } from '../../testing/fake-auth';
import { provideDashboardTesting } from '../../testing/test-providers';
import { AUTH_CLIENT_FACTORY } from './auth-client';
import { AuthService } from './auth.service';

describe('AuthService', () => {
  let fake: FakeAuth;
  let auth: AuthService;

  function setUp(config = {}): void {
    fake = provideFakeAuth(config);
    TestBed.configureTestingModule({ providers: fake.providers });
    auth = TestBed.inject(AuthService);
  }

  afterEach(() => window.history.replaceState(null, '', '/'));

  describe('without sign-in configured (the local stack)', () => {
    const factory = jest.fn();

    beforeEach(() => {
      TestBed.configureTestingModule({
        providers: [
          ...provideDashboardTesting(),
          { provide: AUTH_CLIENT_FACTORY, useValue: factory },
        ],
      });
      auth = TestBed.inject(AuthService);
    });

    it('is off, gives no token and never loads the sign-in library', async () => {
      await auth.start();
      expect(auth.enabled).toBe(false);
      expect(auth.state()).toEqual({ status: 'off' });
      await expect(auth.accessToken()).resolves.toBeNull();
      expect(factory).not.toHaveBeenCalled();
    });
  });

  it('loads the library only when started, with the configured redirect on this origin', async () => {
    setUp();
    expect(fake.factory).not.toHaveBeenCalled();
    expect(auth.state()).toEqual({ status: 'starting' });
    await auth.start();
    await auth.start();
    expect(fake.factory).toHaveBeenCalledTimes(1);
    expect(fake.factory).toHaveBeenCalledWith(TEST_AUTH, 'http://localhost/');
  });

  it('redirects to its own origin when the configured one is another (a dev server)', async () => {
    setUp({ auth: { ...TEST_AUTH, redirectUri: 'https://d111.cloudfront.net/' } });
    await auth.start();
    expect(fake.factory).toHaveBeenCalledWith(expect.anything(), 'http://localhost/');
  });

  it("restores the tab's session", async () => {
    setUp();
    fake.client.stored = user();
    await auth.start();
    expect(auth.state()).toEqual({ status: 'signed-in', name: 'ana@example.com' });
  });

  it('reports signed out when the tab has no session', async () => {
    setUp();
    await auth.start();
    expect(auth.state()).toEqual({ status: 'signed-out' });
  });

  it('keeps a user whose access token expired but who can refresh it', async () => {
    setUp();
    fake.client.stored = user({ expired: true });
    await auth.start();
    expect(auth.state().status).toBe('signed-in');
  });

  it('finishes a sign-in redirect, hands back its state once and cleans the URL', async () => {
    window.history.replaceState(null, '', '/?code=c0de&state=st4te&keep=1');
    setUp();
    fake.client.signinCallback.mockResolvedValue(user({ state: { tag: 'aws' } }));
    await auth.start();
    expect(fake.client.signinCallback).toHaveBeenCalledWith(
      'http://localhost/?code=c0de&state=st4te&keep=1',
    );
    expect(fake.client.getUser).not.toHaveBeenCalled();
    expect(auth.state()).toEqual({ status: 'signed-in', name: 'ana@example.com' });
    expect(auth.resumed()).toEqual({ tag: 'aws' });
    expect(auth.takeResumed()).toEqual({ tag: 'aws' });
    expect(auth.takeResumed()).toBeNull();
    expect(window.location.href).toBe('http://localhost/?keep=1');
  });

  it('reports a refused sign-in (e.g. error=access_denied) and still cleans the URL', async () => {
    window.history.replaceState(null, '', '/?error=access_denied&state=st4te');
    setUp();
    fake.client.signinCallback.mockRejectedValue(new Error('User is disabled.'));
    await auth.start();
    expect(auth.state()).toEqual({
      status: 'signed-out',
      reason: 'Sign-in failed: User is disabled.',
    });
    expect(window.location.href).toBe('http://localhost/');
  });

  it('signs in through the hosted pages, carrying the state', async () => {
    setUp();
    await auth.signIn({ tag: 'aws' });
    expect(fake.client.signinRedirect).toHaveBeenCalledWith({ state: { tag: 'aws' } });
  });

  it('reports a sign-in that could not start', async () => {
    setUp();
    fake.client.signinRedirect.mockRejectedValue(new Error('offline'));
    await auth.signIn();
    expect(auth.state()).toEqual({ status: 'signed-out', reason: 'Sign-in failed: offline' });
  });

  describe('accessToken', () => {
    it("is the stored user's access token", async () => {
      setUp();
      fake.client.stored = user();
      await expect(auth.accessToken()).resolves.toBe('access-1');
      expect(fake.client.signinSilent).not.toHaveBeenCalled();
    });

    it('is renewed with the refresh token once expired', async () => {
      setUp();
      fake.client.stored = user({ expired: true });
      fake.client.signinSilent.mockResolvedValue(user({ access_token: 'access-2' }));
      await expect(auth.accessToken()).resolves.toBe('access-2');
    });

    it('is null, and the user signed out, when renewal fails', async () => {
      setUp();
      fake.client.stored = user({ expired: true });
      fake.client.signinSilent.mockRejectedValue(new Error('invalid_grant'));
      await expect(auth.accessToken()).resolves.toBeNull();
      expect(fake.client.removeUser).toHaveBeenCalled();
      expect(auth.state()).toMatchObject({ status: 'signed-out', reason: expect.any(String) });
    });

    it('is null when expired without a refresh token', async () => {
      setUp();
      fake.client.stored = user({ expired: true, refresh_token: undefined });
      await expect(auth.accessToken()).resolves.toBeNull();
      expect(fake.client.signinSilent).not.toHaveBeenCalled();
    });
  });

  it('signs out: forgets the tokens, then ends the hosted session', async () => {
    setUp();
    fake.client.stored = user();
    await auth.start();
    await auth.signOut();
    expect(fake.client.removeUser).toHaveBeenCalled();
    expect(auth.state()).toEqual({ status: 'signed-out' });
    expect(fake.navigate).toHaveBeenCalledWith(
      `${TEST_AUTH.domain}/logout?client_id=client123&logout_uri=http%3A%2F%2Flocalhost%2F`,
    );
  });

  it('signs the user out when the API refuses the token', async () => {
    setUp();
    fake.client.stored = user();
    await auth.start();
    await auth.sessionEnded();
    expect(auth.state()).toEqual({
      status: 'signed-out',
      reason: 'Your sign-in has ended: sign in again.',
    });
    await expect(auth.accessToken()).resolves.toBeNull();
  });
});
