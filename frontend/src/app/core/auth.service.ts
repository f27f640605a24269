import { DOCUMENT } from '@angular/common';
import { Injectable, inject, signal } from '@angular/core';
import { AUTH_CLIENT_FACTORY, AUTH_NAVIGATE, type AuthClient, type AuthUser } from './auth-client';
import { APP_CONFIG } from './config';

export type AuthState =
  /** No sign-in configured (the local stack): writes go out unsigned. */
  | { status: 'off' }
  /** Loading the library, finishing a sign-in redirect or reading the tab's session. */
  | { status: 'starting' }
  | { status: 'signed-out'; reason?: string }
  | { status: 'signed-in'; name: string };

/** Carried through the hosted pages and back, so the dashboard resumes where the user was. */
export interface SignInState {
  tag?: string;
}

const describe = (error: unknown): string =>
  error instanceof Error && error.message ? error.message : String(error);

/**
 * Sign-in with the Cognito hosted pages: OAuth 2.0 authorization code + PKCE (oidc-client-ts),
 * for the /tracks writes only. Reading the dashboard never needs it.
 */
@Injectable({ providedIn: 'root' })
export class AuthService {
  private readonly config = inject(APP_CONFIG).auth;
  private readonly createClient = inject(AUTH_CLIENT_FACTORY);
  private readonly navigate = inject(AUTH_NAVIGATE);
  private readonly window = inject(DOCUMENT).defaultView!;
  private client?: Promise<AuthClient>;
  private started?: Promise<void>;

  readonly enabled = this.config !== undefined;
  private readonly stateSignal = signal<AuthState>(
    this.enabled ? { status: 'starting' } : { status: 'off' },
  );
  readonly state = this.stateSignal.asReadonly();
  /** The SignInState of a sign-in that has just completed, until someone takes it. */
  private readonly resumedSignal = signal<SignInState | null>(null);
  readonly resumed = this.resumedSignal.asReadonly();

  /** The registered callback on this origin (a dev server can use its own, if registered). */
  private get redirectUri(): string {
    const own = `${this.window.location.origin}/`;
    const configured = this.config?.redirectUri;
    return configured && new URL(configured).origin === this.window.location.origin
      ? configured
      : own;
  }

  /**
   * Finishes a sign-in redirect (code and state in the URL) or restores the tab's session.
   * Idempotent; called at start-up without waiting, so the dashboard renders meanwhile.
   */
  start(): Promise<void> {
    this.started ??= this.restore();
    return this.started;
  }

  /** Leaves for the hosted sign-in page; `state` comes back in `resumed()`. */
  async signIn(state: SignInState = {}): Promise<void> {
    try {
      await (await this.getClient()).signinRedirect({ state });
    } catch (error) {
      this.stateSignal.set({ status: 'signed-out', reason: `Sign-in failed: ${describe(error)}` });
    }
  }

  /** Forgets the tokens, then ends the hosted pages' session too (else sign-in would be silent). */
  async signOut(): Promise<void> {
    if (!this.config) return;
    await (await this.getClient()).removeUser();
    this.stateSignal.set({ status: 'signed-out' });
    const params = new URLSearchParams({
      client_id: this.config.clientId,
      logout_uri: this.redirectUri,
    });
    this.navigate(`${this.config.domain}/logout?${params}`);
  }

  /**
   * The access token for a write, renewed with the refresh token when it has expired; null when
   * sign-in is off or the user is signed out. The access token, not the ID token: the write
   * routes require the `tracks/write` scope, which only access tokens carry.
   */
  async accessToken(): Promise<string | null> {
    if (!this.config) return null;
    await this.start();
    const client = await this.getClient();
    let user = await client.getUser();
    if (user?.expired) {
      user = user.refresh_token ? await client.signinSilent().catch(() => null) : null;
      if (!user) {
        await this.sessionEnded();
        return null;
      }
    }
    return user?.access_token ?? null;
  }

  /** The API refused the token (revoked, or the pool changed): sign in again. */
  async sessionEnded(): Promise<void> {
    if (!this.config) return;
    await (await this.getClient()).removeUser().catch(() => undefined);
    this.stateSignal.set({
      status: 'signed-out',
      reason: 'Your sign-in has ended: sign in again.',
    });
  }

  /** Hands over the state of a completed sign-in once. */
  takeResumed(): SignInState | null {
    const resumed = this.resumedSignal();
    if (resumed) this.resumedSignal.set(null);
    return resumed;
  }

  private getClient(): Promise<AuthClient> {
    if (!this.config) return Promise.reject(new Error('Sign-in is not configured'));
    this.client ??= this.createClient(this.config, this.redirectUri);
    return this.client;
  }

  private async restore(): Promise<void> {
    if (!this.config) return;
    const url = new URL(this.window.location.href);
    const isCallback =
      url.searchParams.has('state') &&
      (url.searchParams.has('code') || url.searchParams.has('error'));
    try {
      const client = await this.getClient();
      if (isCallback) {
        const user = await client.signinCallback(url.href);
        this.resumedSignal.set(stateOf(user));
        this.accept(user ?? null);
      } else {
        this.accept(await client.getUser());
      }
    } catch (error) {
      this.stateSignal.set({ status: 'signed-out', reason: `Sign-in failed: ${describe(error)}` });
    } finally {
      // The code is single-use and the state is spent: neither belongs in history or bookmarks.
      if (isCallback) this.clearCallbackParams(url);
    }
  }

  private accept(user: AuthUser | null): void {
    const usable = user && (!user.expired || user.refresh_token);
    this.stateSignal.set(
      usable
        ? { status: 'signed-in', name: user.profile.email ?? user.profile.sub }
        : { status: 'signed-out' },
    );
  }

  private clearCallbackParams(url: URL): void {
    for (const key of ['code', 'state', 'error', 'error_description', 'error_uri', 'iss']) {
      url.searchParams.delete(key);
    }
    this.window.history.replaceState(this.window.history.state, '', url.href);
  }
}

function stateOf(user: AuthUser | undefined): SignInState | null {
  const state = user?.state;
  if (typeof state !== 'object' || state === null) return null;
  const tag = (state as Record<string, unknown>)['tag'];
  return typeof tag === 'string' ? { tag } : {};
}
