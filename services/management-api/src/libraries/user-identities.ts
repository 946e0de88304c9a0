// A user's social identities, keyed by connector target: set by hand, linked through a social
// connector's sign-in, and unlinked. Identities are per tenant: a lookup never crosses tenants.
import type { Db } from '@idp/db';
import { RequestError } from '@idp/errors';
import type { Outbound } from '@idp/outbound';
import type { Identities, Identity, JsonObject } from '@idp/schemas';
import { lockForTransaction } from '../queries/locks.ts';
import * as identityQueries from '../queries/user-identities.ts';
import { findUser, type UserRow } from '../queries/users.ts';
import { deriveSocialSecrets, findSocialConnector, toVerificationError } from './social-link.ts';

const identityNotFound = (target: string) =>
  new RequestError('user.identity_not_exist', { message: `The user has no identity for \`${target}\`.`, data: { target } });

export async function findIdentity(db: Db, tenantId: string, id: string, target: string): Promise<Identity> {
  const identity = await identityQueries.findIdentity(db, tenantId, id, target);
  if (!identity) throw identityNotFound(target);
  return identity;
}

/**
 * Sets `identities[target]`, inside a transaction that also makes sure no other user of the tenant
 * holds the same social identity. Linking takes turns per social identity, so two requests cannot
 * give one identity to two users. `created` tells whether the target was new. With `mustBeNew`, a
 * target the user already has is refused with `user.social_account_exists_in_profile`.
 */
export async function setIdentity(
  db: Db,
  tenantId: string,
  id: string,
  target: string,
  identity: Identity,
  options: { mustBeNew?: boolean } = {},
): Promise<{ identities: Identities; created: boolean }> {
  return db.transaction(async (tx) => {
    await lockForTransaction(tx, `user-identity:${tenantId}:${target}:${identity.userId}`);
    const row = await identityQueries.mergeIdentity(tx, tenantId, id, target, identity, options.mustBeNew ?? false);
    if (!row) {
      await findUser(tx, tenantId, id);
      throw new RequestError('user.social_account_exists_in_profile', { data: { target } });
    }
    // Thrown inside the transaction: the UPDATE above is rolled back. The other user is not named.
    if (await identityQueries.isSocialIdentityHeld(tx, tenantId, id, target, identity.userId)) {
      throw new RequestError('user.identity_already_in_use', { data: { target } });
    }
    return { identities: row.identities, created: !row.existed };
  });
}

export async function removeIdentity(db: Db, tenantId: string, id: string, target: string): Promise<UserRow> {
  const row = await identityQueries.removeIdentity(db, tenantId, id, target);
  if (row) return row;
  await findUser(db, tenantId, id);
  throw identityNotFound(target);
}

/** `connectorData` as the provider's callback gives it: the code, the state, and our redirect URI. */
function readCallback(data: Record<string, unknown>): { code: string; state: string; redirectUri: string } {
  const field = (name: string, maxLength: number) => {
    const value = data[name];
    if (typeof value !== 'string' || value.length === 0 || value.length > maxLength) {
      throw new RequestError('guard.invalid_input', {
        message: `\`connectorData.${name}\` must be a string of 1 to ${maxLength} characters.`,
        data: { field: `connectorData.${name}` },
      });
    }
    return value;
  };
  return { code: field('code', 2048), state: field('state', 512), redirectUri: field('redirectUri', 2048) };
}

/**
 * Links the identity a social connector's sign-in confirms (POST /api/users/:userId/identities,
 * after POST /api/connectors/:connectorId/authorization-uri).
 */
export async function linkSocialIdentity(
  db: Db,
  tenantId: string,
  userId: string,
  connectorId: string,
  connectorData: Record<string, unknown>,
  outbound: Outbound,
): Promise<Identities> {
  const callback = readCallback(connectorData);
  const user = await findUser(db, tenantId, userId);
  const connector = await findSocialConnector(db, tenantId, connectorId, outbound);
  const { target } = connector;
  // Checked before the code is spent at the provider; setIdentity checks again atomically.
  if (user.identities[target]) throw new RequestError('user.social_account_exists_in_profile', { data: { target } });

  const secrets = await deriveSocialSecrets(db, { tenantId, connectorId, state: callback.state, redirectUri: callback.redirectUri });
  const info = await connector
    .getUserInfo({ code: callback.code, redirectUri: callback.redirectUri, ...secrets, connectorData })
    .catch((error: unknown) => {
      throw toVerificationError(error);
    });
  const { id, email, name, avatar, rawData } = info;
  const details: JsonObject = {
    id,
    ...(email === undefined ? {} : { email }),
    ...(name === undefined ? {} : { name }),
    ...(avatar === undefined ? {} : { avatar }),
    ...(info.phone === undefined ? {} : { phone: info.phone }),
    rawData,
  };
  const { identities } = await setIdentity(db, tenantId, userId, target, { userId: id, details }, { mustBeNew: true });
  return identities;
}
