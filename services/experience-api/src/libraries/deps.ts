// What the Experience API's routes share: the database, the oidc service, and the parts that keep
// state or secrets. One object, built once in app.ts.
import type { MessageSender } from '@idp/connectors';
import { adminTenantId, type Db, type SentinelTarget } from '@idp/db';
import type { Outbound } from '@idp/outbound';
import type { FastifyRequest } from 'fastify';
import type { OidcInteractionClient } from './oidc-interaction.ts';
import type { SecretBox } from '@idp/mfa';
import type { Sentinel } from './sentinel.ts';

export type ExperienceDeps = {
  db: Db;
  client: OidcInteractionClient;
  sender: MessageSender;
  /** The deployment's guarded way to reach other hosts (social providers). */
  outbound: Outbound;
  sentinel: Sentinel;
  secretBox: SecretBox;
  /** The clock for codes and locks; tests pass one they can move. */
  now: () => Date;
  /** The public endpoint of a tenant: the WebAuthn relying party and the TOTP issuer. */
  endpointOf: (tenantId: string) => string;
};

export const endpointResolver = (config: { ENDPOINT: string; ADMIN_ENDPOINT: string }) => (tenantId: string) =>
  tenantId === adminTenantId ? config.ADMIN_ENDPOINT : config.ENDPOINT;

/**
 * The browser's address. Requests reach this service only through the gateway (internal secret),
 * which appends the address it saw as the last X-Forwarded-For entry.
 */
export function clientIp(request: FastifyRequest): string {
  const forwarded = request.headers['x-forwarded-for'];
  const list = (Array.isArray(forwarded) ? forwarded.join(',') : (forwarded ?? ''))
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  return list.at(-1) ?? request.ip;
}

/** Sentinel targets for an attempt on an identifier from this request's address. */
export const attemptTargets = (request: FastifyRequest, identifier: string): SentinelTarget[] => [
  { type: 'Identifier', value: identifier },
  { type: 'Ip', value: clientIp(request) },
];
