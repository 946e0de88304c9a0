// A small but real OpenID Provider for the oidc connector's tests: discovery, JWKS, an authorization
// endpoint that approves at once (redirecting with a code), a token endpoint with client
// authentication, PKCE and single-use codes, and userinfo. oidc-provider does not resolve from this
// package, and the connector only needs the wire protocol, which this speaks over real HTTP.
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWTPayload } from 'jose';

export type UserClaims = { sub: string } & Record<string, unknown>;

/** Changes applied to the next ID token only, to produce the invalid tokens a test needs. */
export type IdTokenTampering = {
  signingKey?: CryptoKey;
  claims?: JWTPayload;
};

type PendingCode = {
  clientId: string;
  redirectUri: string;
  nonce: string | undefined;
  codeChallenge: string | undefined;
};

export type MinimalOp = {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Requests per endpoint, to check caching. */
  hits: Record<'discovery' | 'jwks' | 'authorize' | 'token' | 'userinfo', number>;
  /** How the client authenticated at the token endpoint, per token request. */
  authMethodsUsed: string[];
  /** Claims put into ID tokens. */
  idTokenClaims: UserClaims;
  /** Claims answered by userinfo; `sub` defaults to the ID token's. */
  userinfoClaims: Record<string, unknown>;
  tamperNextIdToken: (tampering: IdTokenTampering) => void;
  close: () => Promise<void>;
};

export async function startMinimalOp(options: {
  clientId: string;
  clientSecret: string;
  /** What discovery advertises; the connector picks its method from this. */
  authMethods?: string[];
  /** Makes discovery lie about the issuer. */
  advertisedIssuer?: (realIssuer: string) => string;
}): Promise<MinimalOp> {
  const kid = 'test-key-1';
  const { publicKey, privateKey } = await generateKeyPair('ES256');
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' };
  const codes = new Map<string, PendingCode>();
  const accessTokens = new Map<string, string>();
  let tampering: IdTokenTampering | undefined;

  const state: MinimalOp = {
    issuer: '',
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    hits: { discovery: 0, jwks: 0, authorize: 0, token: 0, userinfo: 0 },
    authMethodsUsed: [],
    idTokenClaims: { sub: 'user-1' },
    userinfoClaims: {},
    tamperNextIdToken: (next) => {
      tampering = next;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  const json = (response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers });
    response.end(JSON.stringify(body));
  };
  const readBody = async (request: IncomingMessage): Promise<string> => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  };

  const authenticateClient = (request: IncomingMessage, form: URLSearchParams): boolean => {
    const header = request.headers.authorization;
    let id: string | null;
    let secret: string | null;
    if (header?.startsWith('Basic ')) {
      const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      id = decodeURIComponent(decoded.slice(0, colon));
      secret = decodeURIComponent(decoded.slice(colon + 1));
      state.authMethodsUsed.push('client_secret_basic');
    } else {
      id = form.get('client_id');
      secret = form.get('client_secret');
      state.authMethodsUsed.push('client_secret_post');
    }
    return id === options.clientId && secret === options.clientSecret;
  };

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', state.issuer);
    const route = url.pathname.slice(new URL(state.issuer).pathname.length);

    if (request.method === 'GET' && route === '/.well-known/openid-configuration') {
      state.hits.discovery += 1;
      json(response, 200, {
        issuer: options.advertisedIssuer ? options.advertisedIssuer(state.issuer) : state.issuer,
        authorization_endpoint: `${state.issuer}/auth`,
        token_endpoint: `${state.issuer}/token`,
        jwks_uri: `${state.issuer}/jwks`,
        userinfo_endpoint: `${state.issuer}/me`,
        response_types_supported: ['code'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['ES256'],
        token_endpoint_auth_methods_supported: options.authMethods ?? ['client_secret_basic', 'client_secret_post'],
        code_challenge_methods_supported: ['S256'],
      });
      return;
    }

    if (request.method === 'GET' && route === '/jwks') {
      state.hits.jwks += 1;
      json(response, 200, { keys: [publicJwk] });
      return;
    }

    if (request.method === 'GET' && route === '/auth') {
      state.hits.authorize += 1;
      const query = url.searchParams;
      const redirectUri = query.get('redirect_uri');
      const challengeMethod = query.get('code_challenge_method');
      if (
        query.get('client_id') !== options.clientId ||
        query.get('response_type') !== 'code' ||
        !redirectUri ||
        !(query.get('scope') ?? '').split(' ').includes('openid') ||
        (challengeMethod !== null && challengeMethod !== 'S256')
      ) {
        json(response, 400, { error: 'invalid_request' });
        return;
      }
      // The user "approves" at once: issue a code bound to this request.
      const code = randomBytes(16).toString('base64url');
      codes.set(code, {
        clientId: options.clientId,
        redirectUri,
        nonce: query.get('nonce') ?? undefined,
        codeChallenge: query.get('code_challenge') ?? undefined,
      });
      const location = new URL(redirectUri);
      location.searchParams.set('code', code);
      const stateParam = query.get('state');
      if (stateParam !== null) location.searchParams.set('state', stateParam);
      response.writeHead(302, { location: location.toString() });
      response.end();
      return;
    }

    if (request.method === 'POST' && route === '/token') {
      state.hits.token += 1;
      const form = new URLSearchParams(await readBody(request));
      if (!authenticateClient(request, form)) {
        json(response, 401, { error: 'invalid_client', error_description: 'client authentication failed' });
        return;
      }
      const code = form.get('code') ?? '';
      const pending = codes.get(code);
      codes.delete(code); // single use, even when the exchange fails
      if (form.get('grant_type') !== 'authorization_code' || !pending || pending.redirectUri !== form.get('redirect_uri')) {
        json(response, 400, { error: 'invalid_grant', error_description: 'grant request is invalid' });
        return;
      }
      if (pending.codeChallenge !== undefined) {
        const verifier = form.get('code_verifier') ?? '';
        if (createHash('sha256').update(verifier).digest('base64url') !== pending.codeChallenge) {
          json(response, 400, { error: 'invalid_grant', error_description: 'PKCE verification failed' });
          return;
        }
      }
      const now = Math.floor(Date.now() / 1000);
      const current = tampering;
      tampering = undefined;
      const idToken = await new SignJWT({
        ...state.idTokenClaims,
        ...(pending.nonce === undefined ? {} : { nonce: pending.nonce }),
        iss: state.issuer,
        aud: pending.clientId,
        iat: now,
        exp: now + 300,
        ...current?.claims,
      })
        .setProtectedHeader({ alg: 'ES256', kid, typ: 'JWT' })
        .sign(current?.signingKey ?? privateKey);
      const accessToken = randomBytes(16).toString('base64url');
      accessTokens.set(accessToken, state.idTokenClaims.sub);
      json(response, 200, { access_token: accessToken, token_type: 'Bearer', expires_in: 300, id_token: idToken });
      return;
    }

    if (request.method === 'GET' && route === '/me') {
      state.hits.userinfo += 1;
      const token = request.headers.authorization?.replace(/^Bearer /, '') ?? '';
      const subject = accessTokens.get(token);
      if (subject === undefined) {
        json(response, 401, { error: 'invalid_token' }, { 'www-authenticate': 'Bearer error="invalid_token"' });
        return;
      }
      json(response, 200, { sub: subject, ...state.userinfoClaims });
      return;
    }

    json(response, 404, { error: 'not_found' });
  };

  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      json(response, 500, { error: 'server_error', error_description: String(error) });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  // A path below the origin, like Logto's `/oidc`, so issuer-relative URLs are exercised.
  state.issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}/oidc`;
  return state;
}
