// The OAuth flows the benchmark needs: a cookie-keeping "browser" that follows the OP's redirects,
// the authorization code flow with PKCE finished either through the oidc service's internal
// interaction API (cheap, to mint tokens) or through the Experience API with a password (the
// measured sign-in), and the token requests.
import { createHash, randomBytes } from 'node:crypto';
import { internalSecretHeader, tenantHeader } from '@idp/server-kit';
import { Agent, request, type Dispatcher } from 'undici';

export type OidcClient = { id: string; secret: string; redirectUri: string };

export type TokenSet = { access_token: string; refresh_token?: string; id_token?: string; expires_in: number; scope?: string };

export const basicAuth = (client: { id: string; secret: string }) =>
  `Basic ${Buffer.from(`${encodeURIComponent(client.id)}:${encodeURIComponent(client.secret)}`).toString('base64')}`;

/** What the flows read of an answer: its status, where it redirects to, and its body (always read to the end). */
export type Answer = { status: number; ok: boolean; location: string | undefined; text: string };

// undici's request API over a keep-alive agent, not fetch: fetch's Request, Response and web
// streams cost the load generator as much CPU as some services spend on the same exchange, and the
// load generator shares the machine's cores with the stack it measures.
const agent = new Agent({ connections: 64 });

export class Browser {
  private readonly jar = new Map<string, string>();

  cookieHeader(): string {
    return [...this.jar].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  async fetch(url: string | URL, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
    const cookie = this.cookieHeader();
    const response = await request(url, {
      dispatcher: agent,
      method: (init.method ?? 'GET') as Dispatcher.HttpMethod,
      headers: { ...init.headers, ...(cookie ? { cookie } : {}) },
      ...(init.body === undefined ? {} : { body: init.body }),
    });
    const setCookies = response.headers['set-cookie'];
    for (const setCookie of setCookies === undefined ? [] : [setCookies].flat()) {
      const [pair = ''] = setCookie.split(';');
      const equals = pair.indexOf('=');
      const name = pair.slice(0, equals).trim();
      const value = pair.slice(equals + 1).trim();
      if (!value || /max-age=0\b|expires=thu, 01 jan 1970/i.test(setCookie)) this.jar.delete(name);
      else this.jar.set(name, value);
    }
    const location = response.headers.location;
    return {
      status: response.statusCode,
      ok: response.statusCode >= 200 && response.statusCode < 300,
      location: Array.isArray(location) ? location[0] : location,
      text: await response.body.text(),
    };
  }

  /** Follows redirects until `done(url)` holds (not fetched) or a response is no redirect. */
  async follow(start: string | URL, done: (url: URL) => boolean): Promise<URL> {
    let url = new URL(start);
    for (let hop = 0; hop < 15 && !done(url); hop += 1) {
      const { status, location } = await this.fetch(url);
      if (status < 300 || status >= 400 || !location) {
        throw new Error(`${url.pathname} answered ${status} where a redirect was expected`);
      }
      url = new URL(location, url);
    }
    if (!done(url)) throw new Error(`too many redirects, last ${url.href}`);
    return url;
  }

  /** JSON call; throws on an error status. */
  async json(method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<Record<string, unknown>> {
    const { ok, status, text } = await this.fetch(url, {
      method,
      headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!ok) throw new Error(`${method} ${new URL(url).pathname}: ${status} ${text.slice(0, 300)}`);
    return text ? (JSON.parse(text) as Record<string, unknown>) : {};
  }
}

const pkcePair = () => {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
};

/** Opens the authorization URL and follows the OP up to the sign-in page. */
async function startAuthorization(browser: Browser, baseUrl: string, client: OidcClient, scope: string, resource?: string) {
  const { verifier, challenge } = pkcePair();
  const state = randomBytes(12).toString('base64url');
  const url = new URL(`${baseUrl}/oidc/auth`);
  url.search = new URLSearchParams({
    client_id: client.id,
    redirect_uri: client.redirectUri,
    response_type: 'code',
    scope,
    prompt: 'consent',
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ...(resource ? { resource } : {}),
  }).toString();
  const landing = await browser.follow(url, (current) => !current.pathname.startsWith('/oidc'));
  if (!/^\/(sign-in|register)/.test(landing.pathname)) throw new Error(`expected the sign-in page, got ${landing.href}`);
  return { verifier, state };
}

/** Resumes at the OP after the interaction and returns the callback's code. */
async function resumeToCode(browser: Browser, redirectTo: string, client: OidcClient, state: string): Promise<string> {
  const callback = await browser.follow(redirectTo, (current) => current.href.startsWith(client.redirectUri));
  const code = callback.searchParams.get('code');
  if (!code || callback.searchParams.get('state') !== state) throw new Error(`no code in ${callback.href}`);
  return code;
}

export async function tokenRequest(
  baseUrl: string,
  client: { id: string; secret: string },
  parameters: Record<string, string>,
): Promise<TokenSet> {
  const response = await request(`${baseUrl}/oidc/token`, {
    dispatcher: agent,
    method: 'POST',
    headers: { authorization: basicAuth(client), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(parameters).toString(),
  });
  const body = (await response.body.json()) as TokenSet & { error?: string; error_description?: string };
  if (response.statusCode !== 200) {
    throw new Error(`token request (${parameters.grant_type}) failed: ${response.statusCode} ${body.error}: ${body.error_description}`);
  }
  return body;
}

const redeem = (baseUrl: string, client: OidcClient, code: string, verifier: string) =>
  tokenRequest(baseUrl, client, { grant_type: 'authorization_code', code, code_verifier: verifier, redirect_uri: client.redirectUri });

export type InternalApi = { url: string; secret: string; tenantId: string };

/**
 * Code flow finished through the oidc service's internal interaction API as `accountId` (no
 * password): how the benchmark mints the refresh and access tokens it then replays.
 */
export async function signInInternally(
  baseUrl: string,
  internal: InternalApi,
  client: OidcClient,
  accountId: string,
  request: { scope?: string; resource?: string } = {},
): Promise<TokenSet> {
  const browser = new Browser();
  const { verifier, state } = await startAuthorization(
    browser,
    baseUrl,
    client,
    request.scope ?? 'openid profile offline_access',
    request.resource,
  );
  const { redirectTo } = await browser.json(
    'POST',
    `${internal.url}/internal/interaction/result`,
    { login: { accountId } },
    {
      [tenantHeader]: internal.tenantId,
      [internalSecretHeader]: internal.secret,
    },
  );
  return redeem(baseUrl, client, await resumeToCode(browser, String(redirectTo), client, state), verifier);
}

/** The whole password sign-in a user's browser does: OP → Experience API → OP → token endpoint. */
export async function signInWithPassword(baseUrl: string, client: OidcClient, username: string, password: string): Promise<TokenSet> {
  const browser = new Browser();
  const { verifier, state } = await startAuthorization(browser, baseUrl, client, 'openid profile offline_access');
  const api = `${baseUrl}/api/experience`;
  await browser.json('PUT', api, { interactionEvent: 'SignIn' });
  const { verificationId } = await browser.json('POST', `${api}/verification/password`, {
    identifier: { type: 'username', value: username },
    password,
  });
  await browser.json('POST', `${api}/identification`, { verificationId });
  const { redirectTo } = await browser.json('POST', `${api}/submit`);
  return redeem(baseUrl, client, await resumeToCode(browser, String(redirectTo), client, state), verifier);
}
