import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

// The smallest single-page app that signs in with an app id it is given, as a demo SPA does:
// authorization code with PKCE, done by hand in the browser (Web Crypto), the token redeemed with
// fetch from the page's own origin (CORS: the origin of a registered redirect URI), the claims and
// the userinfo shown on the page. Served on loopback; `/` starts a sign-in (`?app_id=`), `/callback`
// finishes it.
const page = (issuer: string) => `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>SPA test page</title></head>
<body>
<main><h1 id="status">Working…</h1><pre id="claims"></pre><pre id="userinfo"></pre></main>
<script type="module">
const issuer = ${JSON.stringify(issuer)};
const redirectUri = location.origin + '/callback';
const base64url = (bytes) => btoa(String.fromCharCode(...bytes)).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
const random = (size) => base64url(crypto.getRandomValues(new Uint8Array(size)));
const show = (id, text) => { document.getElementById(id).textContent = text; };
const params = new URLSearchParams(location.search);
try {
  if (location.pathname === '/') {
    const appId = params.get('app_id');
    const verifier = random(32);
    const state = random(16);
    const challenge = base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
    sessionStorage.setItem('sign-in', JSON.stringify({ appId, verifier, state }));
    const authorize = new URL(issuer + '/auth');
    for (const [name, value] of Object.entries({
      client_id: appId, redirect_uri: redirectUri, response_type: 'code', scope: 'openid profile',
      state, code_challenge: challenge, code_challenge_method: 'S256',
    })) authorize.searchParams.set(name, value);
    location.assign(authorize);
  } else {
    const { appId, verifier, state } = JSON.parse(sessionStorage.getItem('sign-in'));
    if (params.get('state') !== state) throw new Error('state mismatch');
    if (params.get('error')) throw new Error(params.get('error') + ': ' + params.get('error_description'));
    const response = await fetch(issuer + '/token', {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'authorization_code', code: params.get('code'), redirect_uri: redirectUri, client_id: appId, code_verifier: verifier }),
    });
    const tokens = await response.json();
    if (!response.ok) throw new Error(JSON.stringify(tokens));
    const payload = tokens.id_token.split('.')[1].replaceAll('-', '+').replaceAll('_', '/');
    show('claims', JSON.stringify(JSON.parse(atob(payload))));
    const userinfo = await fetch(issuer + '/me', { headers: { authorization: 'Bearer ' + tokens.access_token } });
    show('userinfo', JSON.stringify(await userinfo.json()));
    show('status', 'Signed in');
  }
} catch (error) {
  show('status', 'Failed: ' + error.message);
}
</script>
</body>
</html>`;

export type SpaTestPage = { url: string; redirectUri: string; close: () => Promise<void> };

/** Serves the page on a free loopback port for the OpenID Provider at `issuer` (…/oidc). */
export async function startSpaTestPage(issuer: string): Promise<SpaTestPage> {
  const html = page(issuer);
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (path !== '/' && path !== '/callback') {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    redirectUri: `${url}/callback`,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
