// The device authorization grant (RFC 8628) as Logto runs it. A device asks /oidc/device/auth for a
// code; the person types the user code on the sign-in UI's page `/device` (packages/ui), which posts
// it to /oidc/device; the usual sign-in follows, then `/device/success`. oidc-provider's own HTML
// pages are replaced by redirects to that page, which learns its state from the query
// (`user_code` to confirm, `input_code` and `error` after a refusal) and the form's xsrf value from
// a short-lived cookie only that page's path sees. Apps take part as Logto marks them: Native apps
// with `customClientMetadata.isDeviceFlow` (see clients.ts).
//
// As in Logto, every redirect to the page also carries the context the sign-in pages share: the
// `app_id`, `organization_id` and `ui_locales` the page was opened (and posted) with, for a
// confirmation falling back on the device's own request for the last two; and it sets the sign-in
// UI's `_logto` cookie to the same, as a sign-in page's interaction does.
import type { Configuration, KoaContextWithOIDC } from 'oidc-provider';
import type Provider from 'oidc-provider';
import { uiCookieName } from './interaction-url.ts';

/** Logto's name for the cookie that hands the device form's xsrf value to the page. */
export const deviceFlowXsrfCookie = '_logto_device_flow_xsrf';
/** How long a device code (and its user code) lives, in seconds: oidc-provider's and Logto's 10 minutes. */
export const deviceCodeTtl = 600;
const devicePage = '/device';

const xsrfCookieOptions = (ctx: KoaContextWithOIDC, maxAge: number) => ({
  httpOnly: false,
  maxAge,
  overwrite: true,
  path: devicePage,
  sameSite: 'lax' as const,
  secure: ctx.secure,
  signed: false,
});

function handOverXsrf(ctx: KoaContextWithOIDC): void {
  const secret = ctx.oidc.session?.state?.secret;
  if (typeof secret !== 'string' || !secret) throw new Error('the device form has no xsrf state');
  ctx.cookies.set(deviceFlowXsrfCookie, secret, xsrfCookieOptions(ctx, deviceCodeTtl * 1000));
}

/** The context the device page shares with the sign-in pages. */
type SharedContext = { appId?: string; organizationId?: string; uiLocales?: string };

const oneString = (value: unknown) => (typeof value === 'string' && value ? value : undefined);

function sharedContextOf(source: Record<string, unknown>): SharedContext {
  const context: SharedContext = {};
  const appId = oneString(source.app_id);
  const organizationId = oneString(source.organization_id);
  const uiLocales = oneString(source.ui_locales);
  if (appId) context.appId = appId;
  if (organizationId) context.organizationId = organizationId;
  if (uiLocales) context.uiLocales = uiLocales;
  return context;
}

function handOverContext(ctx: KoaContextWithOIDC, tenantId: string, context: SharedContext): void {
  ctx.cookies.set(uiCookieName(tenantId), JSON.stringify(context), { sameSite: 'lax', overwrite: true, httpOnly: false });
}

export function pageUrl(state: { userCode?: string; inputCode?: string; error?: string }, context: SharedContext = {}): string {
  const query = new URLSearchParams();
  if (context.appId) query.set('app_id', context.appId);
  if (context.organizationId) query.set('organization_id', context.organizationId);
  if (context.uiLocales) query.set('ui_locales', context.uiLocales);
  // `user_code` means "confirm this code"; a refused input comes back as `input_code`.
  if (state.userCode) query.set('user_code', state.userCode);
  else if (state.inputCode) query.set('input_code', state.inputCode);
  if (state.error) query.set('error', state.error);
  const search = query.toString();
  return search ? `${devicePage}?${search}` : devicePage;
}

type DeviceFlowFeature = NonNullable<NonNullable<Configuration['features']>['deviceFlow']>;

/** oidc-provider's device flow feature for the tenant `tenantId`, its pages replaced by the sign-in UI's. */
export function deviceFlowFeature(tenantId: string): DeviceFlowFeature {
  return {
    enabled: true,
    // The form to type the code in; after a refusal, the error's name (NotFoundError, ExpiredError,
    // AlreadyUsedError, NoCodeError, AbortedError, or a protocol error such as InvalidRequest when
    // the xsrf value is stale) and the code typed.
    async userCodeInputSource(ctx, _form, _out, error) {
      const context = sharedContextOf(ctx.query);
      handOverXsrf(ctx);
      handOverContext(ctx, tenantId, context);
      const typed = (error as { userCode?: unknown } | undefined)?.userCode;
      ctx.redirect(pageUrl({ error: error?.name, inputCode: typeof typed === 'string' ? typed : undefined }, context));
    },
    // A known code submitted without `confirm`: the page asks the person to confirm it. The
    // device's request may name the organization and the languages; the page's address wins.
    async userCodeConfirmSource(ctx, _form, _client, _deviceInfo, userCode) {
      const { app_id: _ignored, ...deviceParams } = (ctx.oidc.entities.DeviceCode?.params ?? {}) as Record<string, unknown>;
      const context = { ...sharedContextOf(deviceParams), ...sharedContextOf(ctx.query) };
      handOverXsrf(ctx);
      handOverContext(ctx, tenantId, context);
      ctx.redirect(pageUrl({ userCode }, context));
    },
    async successSource(ctx) {
      ctx.cookies.set(deviceFlowXsrfCookie, '', xsrfCookieOptions(ctx, 0));
      ctx.redirect(`${devicePage}/success`);
    },
  };
}

/**
 * The verification URI a device shows is the short `<endpoint>/device` (Logto's), not
 * `<endpoint>/oidc/device`: the page sends a visitor without the xsrf cookie on to the latter.
 */
export function useShortVerificationUri(provider: Provider): void {
  provider.use(async (ctx, next) => {
    await next();
    const route = (ctx as { oidc?: { route?: string } }).oidc?.route;
    const body = ctx.body as { verification_uri?: unknown; verification_uri_complete?: unknown } | undefined;
    if (route !== 'device_authorization' || ctx.status !== 200 || typeof body?.verification_uri !== 'string') return;
    const shorten = (uri: unknown) => (typeof uri === 'string' ? uri.replace('/oidc/device', devicePage) : uri);
    ctx.body = {
      ...body,
      verification_uri: shorten(body.verification_uri),
      verification_uri_complete: shorten(body.verification_uri_complete),
    };
  });
}
