// What GET /api/my-account shows: the token's scopes decide which claims the app may read (as for
// userinfo), and the account center settings hide every field that is Off.
import type { AccountCenter, AccountCenterControlValue, MyAccount, MyLogtoConfigs, User } from '@idp/schemas';

export const userScopes = {
  profile: 'profile',
  email: 'email',
  phone: 'phone',
  address: 'address',
  customData: 'custom_data',
  identities: 'identities',
} as const;

const readable = (control: AccountCenterControlValue | undefined) => control === 'ReadOnly' || control === 'Edit';

export function toMyAccount(user: User, scopes: ReadonlySet<string>, { fields }: AccountCenter): MyAccount {
  const { address, ...profileWithoutAddress } = user.profile;
  const account: MyAccount = { id: user.id };
  if (scopes.has(userScopes.profile)) {
    Object.assign(account, {
      lastSignInAt: user.lastSignInAt?.getTime() ?? null,
      createdAt: user.createdAt.getTime(),
      updatedAt: user.updatedAt.getTime(),
      applicationId: user.applicationId,
      isSuspended: user.isSuspended,
    });
    if (readable(fields.name)) account.name = user.name;
    if (readable(fields.avatar)) account.avatar = user.avatar;
    if (readable(fields.username)) account.username = user.username;
    if (readable(fields.profile)) {
      account.profile = scopes.has(userScopes.address) && address ? { ...profileWithoutAddress, address } : profileWithoutAddress;
    }
    if (readable(fields.password)) account.hasPassword = Boolean(user.passwordEncrypted);
  }
  if (scopes.has(userScopes.email) && readable(fields.email)) account.primaryEmail = user.primaryEmail;
  if (scopes.has(userScopes.phone) && readable(fields.phone)) account.primaryPhone = user.primaryPhone;
  if (scopes.has(userScopes.customData) && readable(fields.customData)) account.customData = user.customData;
  if (scopes.has(userScopes.identities) && readable(fields.social)) account.identities = user.identities;
  return account;
}

const record = (value: unknown): Record<string, unknown> =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

export function toMyLogtoConfigs(logtoConfig: User['logtoConfig']): MyLogtoConfigs {
  const mfa = record(logtoConfig.mfa);
  const passkeySignIn = record(logtoConfig.passkeySignIn);
  return {
    mfa: {
      ...(typeof mfa.enabled === 'boolean' ? { enabled: mfa.enabled } : {}),
      skipped: mfa.skipped === true,
      skipMfaOnSignIn: mfa.skipMfaOnSignIn === true,
    },
    passkeySignIn: { skipped: passkeySignIn.skipped === true },
  };
}

/** The stored logtoConfig with the sent keys merged into its `mfa` and `passkeySignIn` objects. */
export function mergeLogtoConfigs(
  logtoConfig: User['logtoConfig'],
  changes: { mfa?: Record<string, unknown>; passkeySignIn?: Record<string, unknown> },
): User['logtoConfig'] {
  return {
    ...logtoConfig,
    mfa: { ...record(logtoConfig.mfa), ...changes.mfa },
    passkeySignIn: { ...record(logtoConfig.passkeySignIn), ...changes.passkeySignIn },
  };
}
