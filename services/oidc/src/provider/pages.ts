import type { KoaContextWithOIDC } from 'oidc-provider';

// The few pages oidc-provider renders itself. None is shown to a person for long: the logout
// confirmation submits itself (the SDKs expect sign-out without a question), errors are JSON.
// Nobody needs to frame them, so nobody may. The gateway adds what a page lacks, never overriding
// these: only this service knows its pages' inline scripts.
const securityHeaders = (ctx: KoaContextWithOIDC, scriptSource?: string) => {
  ctx.set('referrer-policy', 'no-referrer');
  ctx.set('x-content-type-options', 'nosniff');
  ctx.set(
    'content-security-policy',
    `default-src 'none'; ${scriptSource ? `script-src ${scriptSource}; ` : ''}form-action 'self' *; frame-ancestors 'none'; base-uri 'none'`,
  );
  ctx.set('x-frame-options', 'DENY');
};

/**
 * oidc-provider's own form_post page (response_mode=form_post, and logout without a session)
 * submits itself by an inline script whose hash it adds to a CSP's script-src if one is set before
 * it renders; so the headers are set before every request, and JSON answers carry them harmlessly.
 */
export async function presetPageHeaders(ctx: KoaContextWithOIDC, next: () => Promise<void>): Promise<void> {
  securityHeaders(ctx, "'self'");
  await next();
}

export async function logoutSource(ctx: KoaContextWithOIDC, form: string): Promise<void> {
  const nonce = crypto.randomUUID();
  securityHeaders(ctx, `'nonce-${nonce}'`);
  ctx.type = 'html';
  ctx.body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Signing out</title></head>
<body>${form}<input type="hidden" form="op.logoutForm" name="logout" value="yes">
<noscript><button type="submit" form="op.logoutForm">Sign out</button></noscript>
<script nonce="${nonce}">document.forms['op.logoutForm'].submit();</script></body></html>`;
}

export async function postLogoutSuccessSource(ctx: KoaContextWithOIDC): Promise<void> {
  securityHeaders(ctx);
  ctx.type = 'html';
  ctx.body =
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Signed out</title></head><body><p>You are signed out.</p></body></html>';
}

export async function renderError(ctx: KoaContextWithOIDC, out: { error: string; error_description?: string }): Promise<void> {
  securityHeaders(ctx);
  ctx.type = 'json';
  ctx.body = { error: out.error, error_description: out.error_description };
}
