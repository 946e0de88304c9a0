import * as client from 'openid-client';
import { BrowserSession, callbackUrl } from '@idp/test-stack';
import type { TestStack } from './test-stack.ts';

/** The fields tests read from Experience API answers: results and `{code, message, data}` errors. */
export type ApiBody = {
  verificationId?: string;
  redirectTo?: string;
  code?: string;
  message?: string;
  data?: unknown;
  [key: string]: unknown;
};

/**
 * A browser's sign-in as the sign-in UI drives it, without the UI: the app's authorization request
 * lands on the sign-in page with the interaction cookie, then the Experience API is called with
 * that cookie, and `submit`'s redirect leads back to the app's callback.
 */
export class ExperienceFlow {
  readonly session: BrowserSession;
  codeVerifier = '';
  state = '';
  /** Where the OP sent the browser first (`/sign-in`, `/register`, …). */
  landing: URL | undefined;

  constructor(
    stack: TestStack,
    private readonly baseUrl = stack.userUrl,
    session = new BrowserSession(stack),
  ) {
    this.session = session;
  }

  /** Opens the app's authorization URL and follows redirects up to the sign-in UI. */
  async start(rp: client.Configuration, extra: Record<string, string> = {}): Promise<URL> {
    this.codeVerifier = client.randomPKCECodeVerifier();
    this.state = client.randomState();
    const url = client.buildAuthorizationUrl(rp, {
      redirect_uri: callbackUrl,
      scope: 'openid profile email offline_access',
      code_challenge: await client.calculatePKCECodeChallenge(this.codeVerifier),
      code_challenge_method: 'S256',
      state: this.state,
      prompt: 'consent',
      ...extra,
    });
    return this.startAt(url);
  }

  /** Follows an authorization URL an SDK built up to the sign-in UI. */
  async startAt(url: URL): Promise<URL> {
    const { url: landing } = await this.session.follow(
      url,
      (current) => current.origin === this.baseUrl && !current.pathname.startsWith('/oidc'),
    );
    this.landing = landing;
    return landing;
  }

  /** One Experience API call with the browser's cookies; the JSON body (or undefined) and status. */
  async api(method: string, path: string, body?: unknown): Promise<{ status: number; body: ApiBody }> {
    const response = await this.session.fetch(`${this.baseUrl}/api/experience${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as ApiBody) : {} };
  }

  /** `submit`, then follows the redirect back to the app: the callback URL with the code. */
  async submitAndReturn(redirectUri = callbackUrl): Promise<URL> {
    const submitted = await this.api('POST', '/submit');
    if (submitted.status !== 200) throw new Error(`submit failed: ${submitted.status} ${JSON.stringify(submitted.body)}`);
    const { url } = await this.session.follow(String(submitted.body.redirectTo), (current) => current.href.startsWith(redirectUri));
    if (!url.href.startsWith(redirectUri)) throw new Error(`expected the callback, got ${url.href}`);
    return url;
  }

  /** Signs in with a username and password through the Experience API, up to identification. */
  async signInWithPassword(username: string, password: string): Promise<void> {
    const steps = [
      await this.api('PUT', '', { interactionEvent: 'SignIn' }),
      await this.api('POST', '/verification/password', { identifier: { type: 'username', value: username }, password }),
    ];
    const verificationId = steps[1]!.body.verificationId;
    steps.push(await this.api('POST', '/identification', { verificationId }));
    const failed = steps.find(({ status }) => status >= 400);
    if (failed) throw new Error(`sign-in failed: ${failed.status} ${JSON.stringify(failed.body)}`);
  }

  /** Redeems the callback's code as the app would. */
  redeem(rp: client.Configuration, callback: URL) {
    return client.authorizationCodeGrant(rp, callback, { pkceCodeVerifier: this.codeVerifier, expectedState: this.state });
  }
}
