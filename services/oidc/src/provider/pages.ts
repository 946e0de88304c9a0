import type { KoaContextWithOIDC } from 'oidc-provider';

// The few pages oidc-provider renders itself. None is shown to a person for long: the logout
// confirmation submits itself (the SDKs expect sign-out without a question), errors are JSON.
const securityHeaders = (ctx: KoaContextWithOIDC, nonce?: string) => {
  ctx.set('referrer-policy', 'no-referrer');
  ctx.set(
    'content-security-policy',
    `default-src 'none'; ${nonce ? `script-src 'nonce-${nonce}'; ` : ''}form-action 'self' *; frame-ancestors 'none'; base-uri 'none'`,
  );
  ctx.set('x-frame-options', 'DENY');
};

export async function logoutSource(ctx: KoaContextWithOIDC, form: string): Promise<void> {
  const nonce = crypto.randomUUID();
  securityHeaders(ctx, nonce);
  ctx.type = 'html';
  ctx.body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Signing out</title></head>
<body>${form}<input type="hidden" form="op.logoutForm" name="logout" value="yes">
<noscript><button type="submit" form="op.logoutForm">Sign out</button></noscript>
<script nonce="${nonce}">document.forms['op.logoutForm'].submit();</script></body></html>`;
}

export async function postLogoutSuccessSource(ctx: KoaContextWithOIDC): Promise<void> {
  securityHeaders(ctx);
  ctx.type = 'html';
  ctx.body = '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Signed out</title></head><body><p>You are signed out.</p></body></html>';
}

export async function renderError(
  ctx: KoaContextWithOIDC,
  out: { error: string; error_description?: string },
): Promise<void> {
  securityHeaders(ctx);
  ctx.type = 'json';
  ctx.body = { error: out.error, error_description: out.error_description };
}
