import { Type, type Static } from 'typebox';

// Settings every backend service shares; each service's own schema spreads these in.
export const serviceConfigProperties = {
  PORT: Type.Integer({ minimum: 0, maximum: 65_535, default: 3000 }),
  HOST: Type.String({ default: '127.0.0.1' }),
  LOG_LEVEL: Type.Union(
    [
      Type.Literal('fatal'),
      Type.Literal('error'),
      Type.Literal('warn'),
      Type.Literal('info'),
      Type.Literal('debug'),
      Type.Literal('trace'),
      Type.Literal('silent'),
    ],
    { default: 'info' },
  ),
  /** Shared by the gateway and the services; proves a request came through the gateway. */
  INTERNAL_SECRET: Type.String({ minLength: 16 }),
  /** Longest a shutdown may take to finish the requests in flight; unset, 10 s (runService). */
  SHUTDOWN_TIMEOUT_MS: Type.Optional(Type.Integer({ minimum: 100 })),
};

export const databaseConfigProperties = {
  DATABASE_URL: Type.String({ minLength: 1 }),
  DATABASE_POOL_SIZE: Type.Integer({ minimum: 1, default: 10 }),
  // Unset, @idp/db's defaults apply (5 s, 15 s, 15 s).
  /** Waiting for a pooled connection, opening one included. */
  DATABASE_CONNECT_TIMEOUT_MS: Type.Optional(Type.Integer({ minimum: 100 })),
  /** A statement's longest run; a server that does not answer at all is given up a second later. */
  DATABASE_STATEMENT_TIMEOUT_MS: Type.Optional(Type.Integer({ minimum: 100 })),
  /** A transaction idle this long is ended by the server (and its locks released). */
  DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: Type.Optional(Type.Integer({ minimum: 100 })),
};

/** The pool options of `createDatabase` (@idp/db) from a service's settings. */
export function databaseOptions(
  config: Pick<
    BackendConfig,
    'DATABASE_POOL_SIZE' | 'DATABASE_CONNECT_TIMEOUT_MS' | 'DATABASE_STATEMENT_TIMEOUT_MS' | 'DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS'
  >,
) {
  return {
    max: config.DATABASE_POOL_SIZE,
    connectTimeoutMs: config.DATABASE_CONNECT_TIMEOUT_MS,
    statementTimeoutMs: config.DATABASE_STATEMENT_TIMEOUT_MS,
    idleInTransactionTimeoutMs: config.DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS,
  };
}

/** Public URLs of the two endpoints: the OIDC issuers and redirect targets are built from them. */
export const endpointConfigProperties = {
  ENDPOINT: Type.String({ pattern: '^https?://', default: 'http://localhost:3001' }),
  ADMIN_ENDPOINT: Type.String({ pattern: '^https?://', default: 'http://localhost:3002' }),
};

/**
 * A Unix socket a backend service accepts connections on as well as its TCP port. On one host (the
 * launcher's stack) the gateway and the services talk through these: a loopback TCP hop costs the
 * kernel noticeably more per request than a socket file. 107 bytes is Linux's limit for the path.
 */
export const socketConfigProperties = {
  SOCKET_PATH: Type.Optional(Type.String({ minLength: 1, maxLength: 107, pattern: '^/' })),
};

/** How a service reaches the oidc service's internal API (interactions, tokens, sessions). */
export const oidcInternalApiConfigProperties = {
  OIDC_URL: Type.String({ pattern: '^https?://' }),
  /** The oidc service's Unix socket on this host (its SOCKET_PATH); when set, calls go through it. */
  OIDC_SOCKET: Type.Optional(Type.String({ minLength: 1, maxLength: 107, pattern: '^/' })),
};

/**
 * Comma-separated host names, IP addresses and CIDR ranges that outbound requests (connectors,
 * back-channel logout) may reach although they are loopback or private (see @idp/outbound); empty:
 * only public addresses.
 */
export const outboundConfigProperties = {
  OUTBOUND_ALLOW_HOSTS: Type.Optional(Type.String()),
};

/**
 * 32 random bytes, base64, sealing TOTP secrets (see @idp/mfa): the same value in every service that
 * reads or writes them. Unset: each tenant's key is kept in the database; set it in production so a
 * database dump alone does not reveal the secrets.
 */
export const secretEncryptionConfigProperties = {
  SECRET_ENCRYPTION_KEY: Type.Optional(Type.String({ minLength: 44, maxLength: 44 })),
};

/** What a backend service behind the gateway needs at the least. */
export const BackendConfigSchema = Type.Object({
  ...serviceConfigProperties,
  ...socketConfigProperties,
  ...databaseConfigProperties,
  ...endpointConfigProperties,
});
export type BackendConfig = Static<typeof BackendConfigSchema>;
