import { internalSecretHeader, tenantHeader } from '@idp/server-kit';
import type { AnyTestStack } from './test-stack.ts';

// What a browser does between an app's authorization URL and its callback, without a browser:
// follow the OP's redirects with a cookie jar and, at the sign-in page, finish the interaction
// through the oidc service's internal interaction API, as the experience service will.
export class BrowserSession {
  private readonly cookies = new Map<string, string>();

  constructor(
    private readonly stack: AnyTestStack,
    private readonly tenantId = 'default',
  ) {}

  cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  private remember(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const index = pair.indexOf('=');
      const name = pair.slice(0, index).trim();
      const value = pair.slice(index + 1).trim();
      const expired = attributes.some((attribute) => /max-age=0\b/i.test(attribute.trim())) || value === '';
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  /** One request with the session's cookies, redirects not followed. */
  async fetch(url: string | URL, init: RequestInit = {}): Promise<Response> {
    const response = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string>), cookie: this.cookieHeader() },
    });
    this.remember(response);
    return response;
  }

  /** Follows redirects on the stack's endpoints until one leaves them or lands on a page; returns that URL. */
  async follow(url: string | URL, stopAt: (url: URL) => boolean): Promise<{ url: URL; response: Response }> {
    let current = new URL(url);
    for (let hops = 0; hops < 20; hops += 1) {
      if (stopAt(current)) {
        return { url: current, response: new Response(null) };
      }
      const response = await this.fetch(current);
      const location = response.headers.get('location');
      if (!location || response.status < 300 || response.status >= 400) {
        return { url: current, response };
      }
      current = new URL(location, current);
    }
    throw new Error('too many redirects');
  }

  /** Submits the OP's logout confirmation page the way its script does in a browser. */
  async submitLogoutForm(html: string, pageUrl: string | URL): Promise<Response> {
    const action = /action="([^"]+)"/.exec(html)?.[1];
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(html)?.[1];
    if (!action || !xsrf) throw new Error('not a logout confirmation page');
    return this.fetch(new URL(action.replaceAll('&amp;', '&'), pageUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ xsrf, logout: 'yes' }),
    });
  }

  /** Opens an end-session URL as a browser would (confirmation form included); returns where it leads. */
  async signOut(endSessionUrl: string | URL): Promise<URL> {
    const page = await this.fetch(endSessionUrl);
    const done = page.status === 200 ? await this.submitLogoutForm(await page.text(), endSessionUrl) : page;
    const location = done.headers.get('location');
    if (!location) throw new Error(`sign-out did not redirect: ${done.status}`);
    return new URL(location, endSessionUrl);
  }

  private internal(path: string, init: RequestInit = {}): Promise<Response> {
    return fetch(new URL(path, this.stack.serviceUrls.oidc), {
      ...init,
      headers: {
        ...(init.headers as Record<string, string>),
        cookie: this.cookieHeader(),
        [tenantHeader]: this.tenantId,
        [internalSecretHeader]: this.stack.config.INTERNAL_SECRET,
      },
    });
  }

  async interactionDetails(): Promise<Response> {
    return this.internal('/internal/interaction');
  }

  async finishInteraction(result: unknown): Promise<Response> {
    return this.internal('/internal/interaction/result', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(result),
    });
  }

  /**
   * Opens the authorization URL; if the OP asks for sign-in, signs in as `accountId` through the
   * internal API; returns the URL the OP finally redirects to (the app's callback).
   */
  async authorize(authorizationUrl: URL, accountId: string, redirectUri: string): Promise<URL> {
    const isCallback = (url: URL) => url.href.startsWith(redirectUri);
    const first = await this.follow(authorizationUrl, isCallback);
    if (isCallback(first.url)) {
      return first.url;
    }
    if (!/^\/(sign-in|register)/.test(first.url.pathname)) {
      throw new Error(`expected the sign-in page, got ${first.url.href}: ${await first.response.text()}`);
    }
    const finished = await this.finishInteraction({ login: { accountId } });
    if (!finished.ok) {
      throw new Error(`finishing the interaction failed: ${finished.status} ${await finished.text()}`);
    }
    const { redirectTo } = (await finished.json()) as { redirectTo: string };
    const last = await this.follow(redirectTo, isCallback);
    if (!isCallback(last.url)) {
      throw new Error(`expected the callback, got ${last.url.href}: ${await last.response.text()}`);
    }
    return last.url;
  }
}
