// A browser for the consent tests, hop by hop: a cookie jar that honours cookie paths, as browsers
// do (the resume cookie of each interaction lives at its own `/oidc/auth/<uid>`), and the steps of
// an authorization request through the Experience API.
import * as client from 'openid-client';
import { expect } from 'vitest';
import { callbackUrl, type TestStack } from '../../src/index.ts';

type Cookie = { name: string; value: string; path: string };

export class PathJar {
  private cookies: Cookie[] = [];

  header(url: URL): string {
    return this.cookies
      .filter(({ path }) => url.pathname === path || url.pathname.startsWith(path.endsWith('/') ? path : `${path}/`))
      .map(({ name, value }) => `${name}=${value}`)
      .join('; ');
  }

  remember(url: URL, response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';').map((part) => part.trim());
      const index = pair.indexOf('=');
      const name = pair.slice(0, index);
      const value = pair.slice(index + 1);
      const attribute = (key: string) =>
        attributes.find((entry) => entry.toLowerCase().startsWith(`${key}=`))?.slice(key.length + 1) ?? undefined;
      const path = attribute('path') ?? url.pathname.replace(/\/[^/]*$/, '/');
      const expires = attribute('expires');
      const gone = value === '' || attribute('max-age') === '0' || (expires !== undefined && Date.parse(expires) <= Date.now());
      this.cookies = this.cookies.filter((cookie) => !(cookie.name === name && cookie.path === path));
      if (!gone) this.cookies.push({ name, value, path });
    }
  }

  /** The cookies of one name, with their paths. */
  named(name: string): Cookie[] {
    return this.cookies.filter((cookie) => cookie.name === name);
  }

  async fetch(url: string | URL, init: RequestInit = {}): Promise<Response> {
    const target = new URL(url);
    const response = await fetch(target, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string>), cookie: this.header(target) },
    });
    this.remember(target, response);
    return response;
  }
}

export type Started = { jar: PathJar; state: string; codeVerifier: string; landing: URL };

export const resumePath = /^\/oidc\/auth\/([\w-]+)$/;

/** `stack()` answers the running stack (started in the test file's `beforeAll`). */
export function consentBrowser(stack: () => TestStack) {
  /** The app's authorization request, followed up to the first page that is not the OP's. */
  async function startAuthorization(
    rp: client.Configuration,
    jar = new PathJar(),
    extra: Record<string, string> = {},
  ): Promise<Started & { uid: string }> {
    const codeVerifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    // Logto's SDKs ask with prompt=consent; `prompt: ''` leaves it out.
    const { prompt = 'consent', ...rest } = extra;
    const url = client.buildAuthorizationUrl(rp, {
      redirect_uri: callbackUrl,
      scope: 'openid profile offline_access',
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      ...(prompt ? { prompt } : {}),
      ...rest,
    });
    const response = await jar.fetch(url);
    await response.body?.cancel();
    expect(response.status).toBe(303);
    const landing = new URL(response.headers.get('location')!, stack().userUrl);
    const uid = jar.named('_interaction_resume').at(-1)?.path.split('/').at(-1) ?? '';
    return { jar, state, codeVerifier, landing, uid };
  }

  async function experience(jar: PathJar, method: string, path: string, body?: unknown) {
    const response = await jar.fetch(`${stack().userUrl}/api/${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : {}) as Record<string, unknown> };
  }

  /** Signs in with the password through the Experience API; answers `submit`'s redirectTo. */
  async function signInAndSubmit(jar: PathJar, person: { username: string | null }, password: string): Promise<string> {
    expect((await experience(jar, 'PUT', 'experience', { interactionEvent: 'SignIn' })).status).toBe(204);
    const verified = await experience(jar, 'POST', 'experience/verification/password', {
      identifier: { type: 'username', value: person.username },
      password,
    });
    expect(verified.status).toBe(200);
    expect((await experience(jar, 'POST', 'experience/identification', { verificationId: verified.body.verificationId })).status).toBe(204);
    const submitted = await experience(jar, 'POST', 'experience/submit');
    expect(submitted.status).toBe(200);
    return String(submitted.body.redirectTo);
  }

  /** One hop: the status and where it leads (absolute). */
  async function hop(jar: PathJar, url: string | URL) {
    const response = await jar.fetch(url);
    await response.body?.cancel();
    const location = response.headers.get('location');
    return { status: response.status, location, next: location ? new URL(location, url) : undefined };
  }

  /** Follows redirects until the app's callback; answers it. */
  async function followToCallback(jar: PathJar, url: string | URL): Promise<URL> {
    let current = new URL(url);
    for (let hops = 0; hops < 10 && !current.href.startsWith(callbackUrl); hops += 1) {
      const { next, status } = await hop(jar, current);
      if (!next) throw new Error(`stopped at ${current.href} (${status})`);
      current = next;
    }
    return current;
  }

  async function redeem(rp: client.Configuration, started: Started, callback: URL) {
    return client.authorizationCodeGrant(rp, callback, { pkceCodeVerifier: started.codeVerifier, expectedState: started.state });
  }

  return { startAuthorization, experience, signInAndSubmit, hop, followToCallback, redeem };
}
