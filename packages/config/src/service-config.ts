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
};

export const databaseConfigProperties = {
  DATABASE_URL: Type.String({ minLength: 1 }),
  DATABASE_POOL_SIZE: Type.Integer({ minimum: 1, default: 10 }),
};

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

/** What a backend service behind the gateway needs at the least. */
export const BackendConfigSchema = Type.Object({
  ...serviceConfigProperties,
  ...socketConfigProperties,
  ...databaseConfigProperties,
  ...endpointConfigProperties,
});
export type BackendConfig = Static<typeof BackendConfigSchema>;
