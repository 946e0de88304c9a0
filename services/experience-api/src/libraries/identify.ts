import { adminTenantId, type Db } from '@idp/db';
import { RequestError } from '@idp/errors';
import { appendHookEvent, hookUser } from '@idp/hook-events';
import { holdsSocialIdentity, users, type JsonObject, type User } from '@idp/schemas';
import { and, eq } from 'drizzle-orm';
import { findSignInExperience } from '../queries/sign-in-experience.ts';
import { assertIdentifierFree, findUserById, findUserByIdentifier, insertUser } from '../queries/users.ts';
import { assertAdminSignUpOpen, createFirstAdministrator } from './admin-tenant.ts';
import { assertEmailAllowed } from './email-blocklist.ts';
import { provisionOrganizationsByEmail } from './organization-jit.ts';
import type { ExperienceState, InteractionEvent, VerificationRecord } from './state.ts';

/** The existing user a verified record proves the browser controls (SignIn, ForgotPassword). */
export async function userOfRecord(db: Db, tenantId: string, record: VerificationRecord): Promise<User> {
  if (!record.verified) throw new RequestError('session.verification_failed');
  let user: User | undefined;
  switch (record.type) {
    case 'Password':
      user = record.userId ? await findUserById(db, tenantId, record.userId) : undefined;
      break;
    case 'EmailVerificationCode':
    case 'PhoneVerificationCode':
      user = await findUserByIdentifier(db, tenantId, record.identifier);
      break;
    case 'SignInPasskey':
      user = record.userId ? await findUserById(db, tenantId, record.userId) : undefined;
      break;
    case 'Social':
      user = record.userInfo ? await findUserBySocialIdentity(db, tenantId, record.target, record.userInfo.id) : undefined;
      // The UI answers this by switching to registration with the same verification.
      if (!user) throw new RequestError('user.identity_not_exist', { data: { target: record.target } });
      break;
    default:
      throw new RequestError('session.verification_failed', { message: 'This verification cannot identify an existing user.' });
  }
  if (!user) throw new RequestError('user.user_not_exist');
  if (user.isSuspended) throw new RequestError('user.suspended');
  return user;
}

async function findUserBySocialIdentity(db: Db, tenantId: string, target: string, socialUserId: string): Promise<User | undefined> {
  const [row] = await db
    .select()
    .from(users)
    .where(and(eq(users.tenantId, tenantId), holdsSocialIdentity(target, socialUserId)))
    .limit(1);
  return row;
}

/** Moves what a verified record proves into the registration profile, refusing taken identifiers. */
export async function addRecordToProfile(db: Db, tenantId: string, state: ExperienceState, record: VerificationRecord): Promise<void> {
  if (!record.verified) throw new RequestError('session.verification_failed');
  const { profile } = state;
  switch (record.type) {
    case 'NewPasswordIdentity':
      await assertIdentifierFree(db, tenantId, record.identifier);
      profile.username = record.identifier.value;
      profile.passwordDigest = record.passwordDigest;
      return;
    case 'EmailVerificationCode':
      await assertEmailAllowed(db, tenantId, record.identifier.value);
      await assertIdentifierFree(db, tenantId, record.identifier);
      profile.primaryEmail = record.identifier.value;
      return;
    case 'PhoneVerificationCode':
      await assertIdentifierFree(db, tenantId, record.identifier);
      profile.primaryPhone = record.identifier.value;
      return;
    case 'Social':
      if (!record.userInfo) throw new RequestError('session.verification_failed');
      if (record.userInfo.email && state.interactionEvent === 'Register') await assertEmailAllowed(db, tenantId, record.userInfo.email);
      profile.socialIdentity = { target: record.target, userInfo: record.userInfo };
      profile.name ??= record.userInfo.name;
      profile.avatar ??= record.userInfo.avatar;
      if (
        record.userInfo.email &&
        record.userInfo.emailVerified &&
        !(await findUserByIdentifier(db, tenantId, { type: 'email', value: record.userInfo.email }))
      ) {
        profile.primaryEmail ??= record.userInfo.email;
      }
      return;
    default:
      throw new RequestError('session.verification_failed', { message: 'This verification cannot register a user.' });
  }
}

/**
 * Logto's check that the sign-in mode allows the event: made when an experience starts or switches,
 * and again when it identifies or creates the user, as the tenant may have changed meanwhile.
 * Logto answers 403 auth.forbidden (the data is ours, for the UI's message).
 */
export async function assertEventAllowed(db: Db, tenantId: string, event: InteractionEvent): Promise<void> {
  const { signInMode } = await findSignInExperience(db, tenantId);
  if ((event === 'Register' && signInMode === 'SignIn') || (event === 'SignIn' && signInMode === 'Register')) {
    throw new RequestError('auth.forbidden', { data: { interactionEvent: event, signInMode } });
  }
  if (event === 'Register') await assertAdminSignUpOpen(db, tenantId);
}

/**
 * Logto's sign-in method check, made when a SignIn is identified (not when verifying): a password
 * or a code proves an identifier only where `signIn.methods` enables that identifier with that
 * kind of proof. Social and passkey sign-ins have their own settings; anything else cannot sign in.
 */
export async function assertSignInMethodEnabled(db: Db, tenantId: string, record: VerificationRecord): Promise<void> {
  if (record.type === 'Social' || record.type === 'SignInPasskey') return;
  if (record.type === 'Password' || record.type === 'EmailVerificationCode' || record.type === 'PhoneVerificationCode') {
    const { signIn } = await findSignInExperience(db, tenantId);
    const byPassword = record.type === 'Password';
    const enabled = signIn.methods.some(
      (method) => method.identifier === record.identifier.type && (byPassword ? method.password : method.verificationCode),
    );
    if (enabled) return;
  }
  throw new RequestError('user.sign_in_method_not_enabled');
}

/** The primary sign-up requirement, read as Logto reads a list: a username wins, email + phone is either. */
function primaryRequirement(identifiers: string[]): string | undefined {
  if (identifiers.includes('username')) return 'username';
  if (identifiers.includes('email')) return identifiers.includes('phone') ? 'emailOrPhone' : 'email';
  if (identifiers.includes('phone')) return 'phone';
  return undefined;
}

/**
 * What the sign-up settings still ask for, with Logto's `missingProfile` names (`username`,
 * `email`, `phone`, `emailOrPhone`, `password`): the primary identifier, each secondary one
 * (`signUp.secondaryIdentifiers`), and a password when sign-up sets one. Empty when the account
 * can be created. A social registration brings its own identity and is asked for nothing.
 */
export async function missingProfile(db: Db, tenantId: string, state: ExperienceState): Promise<string[]> {
  const { signUp } = await findSignInExperience(db, tenantId);
  const { profile } = state;
  if (profile.socialIdentity) return [];
  const required = new Set<string>();
  const primary = primaryRequirement(signUp.identifiers);
  if (primary) required.add(primary);
  for (const { identifier } of signUp.secondaryIdentifiers ?? []) required.add(identifier);
  if (signUp.password) required.add('password');
  const has: Record<string, boolean> = {
    username: Boolean(profile.username),
    email: Boolean(profile.primaryEmail),
    phone: Boolean(profile.primaryPhone),
    emailOrPhone: Boolean(profile.primaryEmail || profile.primaryPhone),
    password: Boolean(profile.passwordDigest),
  };
  return [...required].filter((requirement) => !has[requirement]);
}

/**
 * Logto's forgotPasswordMethods: a password reset identifies the user only with a verification
 * code by a channel the list allows (an unset list allows every channel that has a connector).
 */
export async function assertForgotPasswordMethod(db: Db, tenantId: string, record: VerificationRecord): Promise<void> {
  if (record.type !== 'EmailVerificationCode' && record.type !== 'PhoneVerificationCode') {
    throw new RequestError('session.not_supported_for_forgot_password');
  }
  const { forgotPasswordMethods } = await findSignInExperience(db, tenantId);
  if (forgotPasswordMethods && !forgotPasswordMethods.includes(record.type)) {
    throw new RequestError('session.not_supported_for_forgot_password');
  }
}

export async function createUserFromProfile(
  db: Db,
  tenantId: string,
  state: ExperienceState,
  applicationId: string | undefined,
  hookContext: JsonObject = {},
): Promise<User> {
  const { profile } = state;
  const values = {
    username: profile.username ?? null,
    primaryEmail: profile.primaryEmail ?? null,
    primaryPhone: profile.primaryPhone ?? null,
    name: profile.name ?? null,
    avatar: profile.avatar ?? null,
    applicationId: applicationId ?? null,
    ...(profile.passwordDigest ? { ...profile.passwordDigest, passwordUpdatedAt: new Date() } : {}),
    identities: profile.socialIdentity
      ? { [profile.socialIdentity.target]: { userId: profile.socialIdentity.userInfo.id, details: { ...profile.socialIdentity.userInfo } } }
      : {},
  };
  if (tenantId === adminTenantId) return createFirstAdministrator(db, values, applicationId);
  const { primaryEmail } = values;
  return db.transaction(async (tx) => {
    const user = await insertUser(tx, { ...values, tenantId });
    // The profile's email is verified (a code or the provider said so): JIT membership comes with the account.
    if (primaryEmail) await provisionOrganizationsByEmail(tx, tenantId, user.id, primaryEmail);
    // Webhooks: queued with the account, so there is never one without the other.
    await appendHookEvent(tx, tenantId, 'User.Created', { ...hookContext, interactionEvent: 'Register', data: hookUser(user) });
    return user;
  });
}

/** Links a verified social identity to the account holding the same verified email, then signs that user in. */
export async function linkSocialIdentity(db: Db, tenantId: string, record: VerificationRecord): Promise<User> {
  if (record.type !== 'Social' || !record.verified || !record.userInfo) throw new RequestError('session.verification_failed');
  const { email, emailVerified } = record.userInfo;
  if (!email || !emailVerified) {
    throw new RequestError('session.verification_failed', { message: 'The provider did not confirm an email address to link by.' });
  }
  const user = await findUserByIdentifier(db, tenantId, { type: 'email', value: email });
  if (!user) throw new RequestError('user.user_not_exist');
  if (user.isSuspended) throw new RequestError('user.suspended');
  const identities = { ...user.identities, [record.target]: { userId: record.userInfo.id, details: { ...record.userInfo } } };
  await db
    .update(users)
    .set({ identities })
    .where(and(eq(users.tenantId, tenantId), eq(users.id, user.id)));
  return { ...user, identities };
}
