import type { App } from '@idp/server-kit';
import { createOidcFetch } from './oidc-calls.ts';
import { forwardedHeaders } from './service-proxies.ts';

// `GET /consent?app_id=` is where the OP sends a signed-in browser whose grant lacks something
// (Logto's path). Logto's server answers it before the sign-in UI does: a first-party app is
// consented at once and the browser goes straight back to `/oidc/auth/<uid>`, no page shown. Here
// the gateway asks the oidc service to do that; when it does not (a third-party app, no interaction,
// the service unreachable), the request goes on to the UI, whose consent page asks the user. A
// first-party app's sign-in is consented with the login, so its browser comes here only when a
// session's grant lacks something (new scopes on signing in again).
export const consentPagePath = '/consent';
const automaticConsentPath = '/internal/interaction/consent/automatic';

export type ConsentOptions = {
  upstream: string;
  tenantId: string;
  internalSecret: string;
  /** The oidc service's Unix socket on this host, when it has one. */
  socketPath?: string;
};

export function registerAutomaticConsent(app: App, options: ConsentOptions): void {
  const oidc = createOidcFetch(options.socketPath);
  app.addHook('onClose', () => oidc.close());
  app.addHook('onRequest', async (request, reply) => {
    if (request.method !== 'GET') return;
    const query = request.url.indexOf('?');
    if ((query === -1 ? request.url : request.url.slice(0, query)) !== consentPagePath) return;
    // Only the browser's cookie goes along: it names the interaction.
    const headers = forwardedHeaders(
      request,
      {
        accept: 'application/json',
        'content-type': 'application/json',
        ...(request.headers.cookie ? { cookie: request.headers.cookie } : {}),
      },
      options.tenantId,
      options.internalSecret,
    );
    let redirectTo: unknown;
    try {
      const response = await oidc.fetch(new URL(automaticConsentPath, options.upstream), {
        method: 'POST',
        headers: headers as Record<string, string>,
        body: '{}',
        signal: AbortSignal.timeout(5000),
      });
      if (response.status !== 200) {
        await response.body?.cancel();
        return;
      }
      ({ redirectTo } = (await response.json()) as { redirectTo?: unknown });
    } catch (error) {
      request.log.warn({ err: error }, 'automatic consent failed; the consent page asks instead');
      return;
    }
    if (typeof redirectTo !== 'string') return;
    // Koa's default redirect status, which Logto's answer has.
    return reply.redirect(redirectTo, 302);
  });
}
