import type { Db } from '@idp/db';
import type { Account, FindAccount } from 'oidc-provider';
import { requestScope } from '../adapter/request-scope.ts';
import { findOrganizationsOfUser, type UserOrganization } from '../queries/organizations.ts';
import { findConsentedOrganizationIds } from '../queries/third-party-organizations.ts';
import { findClaimsUser, type ClaimsUser } from '../queries/users.ts';
import { isFirstPartyClient } from './clients.ts';
import type { TenantAuthorization } from './authorization.ts';
import { userScopes, userinfoOnlyClaims } from './scopes-and-claims.ts';

const seconds = (date: Date | null | undefined) => (date ? Math.floor(date.getTime() / 1000) : undefined);

// Logto's organization claims: the ids, `<organization id>:<role name>` per role held, and (userinfo
// only) each organization's id, name and description.
const organizationClaims = (memberships: UserOrganization[]) => ({
  organizations: memberships.map(({ id }) => id),
  organization_roles: memberships.flatMap(({ id, roleNames }) => roleNames.map((name) => `${id}:${name}`)),
  organization_data: memberships.map(({ id, name, description }) => ({ id, name, description })),
});

/** The user's organizations; for a third-party app, only those the user let it into. */
async function organizationsFor(db: Db, tenantId: string, userId: string, thirdPartyClientId: string | undefined) {
  if (thirdPartyClientId === undefined) return findOrganizationsOfUser(db, tenantId, userId);
  const [memberships, consented] = await Promise.all([
    findOrganizationsOfUser(db, tenantId, userId),
    findConsentedOrganizationIds(db, tenantId, thirdPartyClientId, userId),
  ]);
  return memberships.filter(({ id }) => consented.has(id));
}

// Every claim a user has, by name; `claims()` below keeps those the granted scopes release.
async function allClaims(
  db: Db,
  tenantId: string,
  authorization: TenantAuthorization,
  user: ClaimsUser,
  granted: Set<string>,
  thirdPartyClientId: string | undefined,
): Promise<Record<string, unknown>> {
  const { profile } = user;
  return {
    sub: user.id,
    name: user.name ?? undefined,
    username: user.username ?? undefined,
    picture: user.avatar ?? undefined,
    family_name: profile.familyName,
    given_name: profile.givenName,
    middle_name: profile.middleName,
    nickname: profile.nickname,
    preferred_username: profile.preferredUsername,
    profile: profile.profile,
    website: profile.website,
    gender: profile.gender,
    birthdate: profile.birthdate,
    zoneinfo: profile.zoneinfo,
    locale: profile.locale,
    address: profile.address
      ? {
          formatted: profile.address.formatted,
          street_address: profile.address.streetAddress,
          locality: profile.address.locality,
          region: profile.address.region,
          postal_code: profile.address.postalCode,
          country: profile.address.country,
        }
      : undefined,
    updated_at: seconds(user.updatedAt),
    created_at: seconds(user.createdAt),
    email: user.primaryEmail ?? undefined,
    email_verified: Boolean(user.primaryEmail),
    phone_number: user.primaryPhone ?? undefined,
    phone_number_verified: Boolean(user.primaryPhone),
    custom_data: user.customData,
    identities: Object.fromEntries(Object.entries(user.identities).map(([target, { userId, details }]) => [target, { userId, details }])),
    sso_identities: [],
    // The claims that cost a query: fetched only when their scope was granted.
    roles: granted.has('roles') ? await authorization.roleNames(user.id) : [],
    ...(granted.has('urn:logto:scope:organizations') || granted.has('urn:logto:scope:organization_roles')
      ? organizationClaims(await organizationsFor(db, tenantId, user.id, thirdPartyClientId))
      : { organizations: [], organization_roles: [], organization_data: [] }),
  };
}

// The user is read on every call, never cached: a suspension or deletion takes effect at once. When
// the request already looked up a token naming the user, the adapter read the user in the same
// statement (see postgres-adapter.ts) and that row is used.
export function createFindAccount(db: Db, tenantId: string, authorization: TenantAuthorization): FindAccount {
  return async (ctx, sub) => {
    const user = await ((ctx ? requestScope(ctx).accounts.get(sub) : undefined) ?? findClaimsUser(db, tenantId, sub));
    if (!user || user.isSuspended) {
      return undefined;
    }
    const account: Account = {
      accountId: user.id,
      async claims(use, scope) {
        const granted = new Set(scope.split(' '));
        const client = ctx?.oidc.client;
        const thirdPartyClientId = client && !isFirstPartyClient(client) ? client.clientId : undefined;
        const claims = await allClaims(db, tenantId, authorization, user, granted, thirdPartyClientId);
        const released: Record<string, unknown> = { sub: user.id };
        for (const [scopeName, names] of Object.entries(userScopes)) {
          if (!granted.has(scopeName)) continue;
          for (const name of names) {
            if (use === 'id_token' && userinfoOnlyClaims.has(name)) continue;
            if (claims[name] !== undefined) released[name] = claims[name];
          }
        }
        return released as { sub: string };
      },
    };
    return account;
  };
}
