// Linking a social account: a Social verification record runs the provider's two steps (the shared
// ones of @idp/connectors) and keeps the provider's user once the callback is checked; linking
// spends it. It proves that an identity at the provider is the caller's, never who the caller is.
import {
  ConnectorError,
  finishSocialSession,
  matchesSocialSession,
  socialConnectorOf,
  socialFailureMessage,
  startSocialSession,
  type MessageSenderLog,
  type SocialConnector,
  type SocialSession,
  type VerifiedSocialUser,
} from '@idp/connectors';
import type { Db } from '@idp/db';
import { RequestError } from '@idp/errors';
import type { Outbound } from '@idp/outbound';
import type { User } from '@idp/schemas';
import { findConnectorById } from '../queries/connectors.ts';
import { isIdentityTaken, lockUser, updateUser, type Tx } from '../queries/users.ts';
import { claimRecord, findRecord, insertRecord, saveVerifiedData } from '../queries/verification-records.ts';
import { created, recordLifetimeMs } from './verification.ts';

export type SocialDeps = { db: Db; outbound: Outbound; log: MessageSenderLog };

/** What a Social record keeps: the connector and its session, then the provider's user. */
type SocialRecordData = { connectorId: string; target: string; session: SocialSession; user?: VerifiedSocialUser };

// Logto's codes: an id that names no connector is 422 `session.invalid_connector_id`, one that
// names an email or SMS connector 400 `connector.unexpected_type`.
async function findSocialConnector({ db, outbound }: SocialDeps, tenantId: string, connectorId: string): Promise<SocialConnector> {
  const row = await findConnectorById(db, tenantId, connectorId);
  if (!row) throw new RequestError('session.invalid_connector_id', { data: { connectorId } });
  let connector: SocialConnector | undefined;
  try {
    connector = socialConnectorOf(row, outbound);
  } catch (error) {
    throw new RequestError('connector.general', {
      message: error instanceof ConnectorError ? error.message : 'The connector is misconfigured.',
    });
  }
  if (!connector) throw new RequestError('connector.unexpected_type', { data: { connectorId } });
  return connector;
}

export async function createSocialRecord(
  deps: SocialDeps,
  tenantId: string,
  user: User,
  body: { connectorId: string; state: string; redirectUri: string },
) {
  const connector = await findSocialConnector(deps, tenantId, body.connectorId);
  const { authorizationUri, session } = await startSocialSession(connector, body).catch((error: unknown) => {
    throw new RequestError('connector.general', { message: socialFailureMessage(error, 'The provider is not reachable.', deps.log) });
  });
  const data: SocialRecordData = { connectorId: body.connectorId, target: connector.target, session };
  const record = await insertRecord(deps.db, {
    tenantId,
    // Never set: an identity at a provider proves nothing about who holds this access token.
    userId: null,
    requesterId: user.id,
    type: 'Social',
    data,
    expiresAt: new Date(Date.now() + recordLifetimeMs),
  });
  return { ...created(record), authorizationUri };
}

export async function verifySocialRecord(
  deps: SocialDeps,
  tenantId: string,
  userId: string,
  { verificationRecordId, connectorData }: { verificationRecordId: string; connectorData: Record<string, unknown> },
) {
  const record = await findRecord(deps.db, tenantId, userId, verificationRecordId);
  // Another user's record is no record at all; a verified one cannot take a second answer.
  if (record?.type !== 'Social' || record.verified || record.usedAt || record.expiresAt.getTime() <= Date.now()) {
    throw new RequestError('verification_record.not_found');
  }
  const data = record.data as SocialRecordData;
  if (!matchesSocialSession(data.session, connectorData)) {
    throw new RequestError('session.verification_failed', { message: "The provider's answer does not match this verification." });
  }
  const connector = await findSocialConnector(deps, tenantId, data.connectorId);
  const user = await finishSocialSession(connector, data.session, connectorData).catch((error: unknown) => {
    throw new RequestError('session.verification_failed', {
      message: socialFailureMessage(error, 'The provider did not confirm the sign-in.', deps.log),
    });
  });
  if (!(await saveVerifiedData(deps.db, tenantId, record.id, { ...data, user }))) throw new RequestError('verification_record.not_found');
  return { verificationRecordId: record.id };
}

/**
 * Spends a verified Social record of this user and links its identity: not one another user has,
 * and (unless `replace`, Logto's PUT) not in place of one already linked for the same provider.
 */
export async function linkSocialIdentity(tx: Tx, tenantId: string, userId: string, recordId: string, replace: boolean): Promise<User> {
  const record = await claimRecord(tx, tenantId, userId, recordId, { type: ['Social'] });
  const data = record?.data as SocialRecordData | undefined;
  if (!data?.user) throw new RequestError('verification_record.not_found');
  const { target, user: socialUser } = data;
  if (await isIdentityTaken(tx, tenantId, userId, target, socialUser.id)) throw new RequestError('user.identity_already_in_use');
  const user = await lockUser(tx, tenantId, userId);
  if (!replace && Object.hasOwn(user.identities, target)) {
    // 400 here, as Logto answers this case (422 is for an identity another user has).
    throw new RequestError('user.identity_already_in_use', { status: 400, message: 'An account of this provider is linked already.' });
  }
  return updateUser(tx, tenantId, userId, {
    identities: { ...user.identities, [target]: { userId: socialUser.id, details: { ...socialUser } } },
  });
}

/** The provider's user a verified Social record of this requester holds, without spending it. */
export async function findVerifiedSocialUser(db: Db, tenantId: string, userId: string, recordId: string) {
  const record = await findRecord(db, tenantId, userId, recordId);
  const usable = record?.type === 'Social' && record.verified && !record.usedAt && record.expiresAt.getTime() > Date.now();
  const data = usable ? (record.data as SocialRecordData) : undefined;
  return data?.user ? { target: data.target, user: data.user } : undefined;
}
