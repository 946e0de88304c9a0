import {
  applications,
  connectors,
  logtoConfigs,
  resources,
  roles,
  rolesScopes,
  scopes,
  signInExperiences,
  tenants,
  users,
  usersRoles,
  type NewApplication,
} from '@idp/schemas';
import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from './database.ts';
import { generateId, generateSecret } from './ids.ts';
import {
  adminTenantAdminRoleName,
  adminTenantId,
  adminTenantUserRoleName,
  defaultTenantAdminRoleName,
  defaultTenantId,
  managementApiAccessRoleName,
  managementApiIndicator,
  managementApiScope,
  managementApiIndicatorOf,
  meApiIndicator,
} from './well-known.ts';
import { generateCookieKey, generateKeySet, type SigningKeyType } from '@idp/oidc-keys';

export type SeedOptions = {
  /** Public URL of the user endpoint (tenant `default`). */
  endpoint?: string;
  /** Public URL of the admin endpoint (tenant `admin`). */
  adminEndpoint?: string;
  /** Which key of the seeded set (one per algorithm family) comes first, i.e. the default algorithm. */
  signingKeyType?: SigningKeyType;
  /**
   * Local development: when the default tenant has no email or SMS connector, add the file-writing
   * mock connectors, writing their last message into this folder. Never set in production.
   */
  mockConnectorFolder?: string;
  log?: (line: string) => void;
};

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

// Everything here is keyed by a natural key (indicator, role name, fixed client id) and inserted
// with ON CONFLICT DO NOTHING, so the seed can run at every start-up: it adds what is missing and
// never replaces a key, a secret or a setting someone changed.
type SeededApi = { name: string; indicator: string; scopeDescription: string };
const managementApi: SeededApi = {
  name: 'Logto Management API',
  indicator: managementApiIndicator,
  scopeDescription: 'Default scope for Management API, allows all permissions.',
};

async function seedManagementApi(
  tx: Tx,
  tenantId: string,
  role: { name: string; description: string; type: 'User' | 'MachineToMachine' },
  api: SeededApi = managementApi,
): Promise<string> {
  await tx
    .insert(resources)
    .values({ tenantId, id: generateId(), name: api.name, indicator: api.indicator, accessTokenTtl: 3600 })
    .onConflictDoNothing();
  const [resource] = await tx
    .select({ id: resources.id })
    .from(resources)
    .where(and(eq(resources.tenantId, tenantId), eq(resources.indicator, api.indicator)));
  if (!resource) throw new Error('management API resource missing after insert');

  await tx
    .insert(scopes)
    .values({
      tenantId,
      id: generateId(),
      resourceId: resource.id,
      name: managementApiScope,
      description: api.scopeDescription,
    })
    .onConflictDoNothing();
  const [scope] = await tx
    .select({ id: scopes.id })
    .from(scopes)
    .where(and(eq(scopes.tenantId, tenantId), eq(scopes.resourceId, resource.id), eq(scopes.name, managementApiScope)));

  await tx
    .insert(roles)
    .values({ tenantId, id: generateId(), ...role })
    .onConflictDoNothing();
  const [seededRole] = await tx
    .select({ id: roles.id })
    .from(roles)
    .where(and(eq(roles.tenantId, tenantId), eq(roles.name, role.name)));
  if (!scope || !seededRole) throw new Error('management API scope or role missing after insert');
  await tx.insert(rolesScopes).values({ tenantId, id: generateId(), roleId: seededRole.id, scopeId: scope.id }).onConflictDoNothing();
  return seededRole.id;
}

/**
 * The admin tenant's own Management API, through which the console manages its administrators. Who
 * administers tenant `default` administers the console too, so every holder of `default:admin`
 * (administrators registered before this role existed included) also holds `admin:admin`.
 */
async function seedAdminTenantManagementApi(tx: Tx) {
  const roleId = await seedManagementApi(
    tx,
    adminTenantId,
    { name: adminTenantAdminRoleName, description: "Admin of tenant admin: manages the console's administrators.", type: 'User' },
    { ...managementApi, indicator: managementApiIndicatorOf(adminTenantId) },
  );
  const holders = await tx
    .select({ userId: usersRoles.userId })
    .from(usersRoles)
    .innerJoin(roles, and(eq(roles.tenantId, usersRoles.tenantId), eq(roles.id, usersRoles.roleId)))
    .where(and(eq(usersRoles.tenantId, adminTenantId), eq(roles.name, defaultTenantAdminRoleName)));
  if (holders.length > 0) {
    await tx
      .insert(usersRoles)
      .values(holders.map(({ userId }) => ({ tenantId: adminTenantId, id: generateId(), userId, roleId })))
      .onConflictDoNothing();
  }
}

const spaClient = (tenantId: string, id: string, name: string, redirectUri: string, postLogoutUri: string): NewApplication => ({
  tenantId,
  id,
  name,
  secret: generateSecret(),
  type: 'SPA',
  oidcClientMetadata: { redirectUris: [redirectUri], postLogoutRedirectUris: [postLogoutUri] },
  customClientMetadata: {},
});

const defaultSignInExperience = (tenantId: string) => ({
  tenantId,
  id: 'default',
  color: { primaryColor: '#6139F6', isDarkModeEnabled: false, darkPrimaryColor: '#8768F8' },
  branding: {},
  languageInfo: { autoDetect: true, fallbackLanguage: 'en' },
  signInMode: 'SignInAndRegister' as const,
  signUp: { identifiers: ['username'], password: true, verify: false },
  signIn: { methods: [{ identifier: 'username', password: true, verificationCode: false, isPasswordPrimary: true }] },
});

export async function seed(db: Db, options: SeedOptions = {}): Promise<void> {
  const endpoint = (options.endpoint ?? 'http://localhost:3001').replace(/\/$/, '');
  const adminEndpoint = (options.adminEndpoint ?? 'http://localhost:3002').replace(/\/$/, '');
  const log = options.log ?? (() => {});

  await db.transaction(async (tx) => {
    for (const [tenantId, name] of [
      [defaultTenantId, 'Default'],
      [adminTenantId, 'Admin'],
    ] as const) {
      await tx.insert(tenants).values({ id: tenantId, name }).onConflictDoNothing();
      // Generating the key set (RSA above all) takes a while: skip it when the keys are there.
      const storedKeys = await tx
        .select({ key: logtoConfigs.key })
        .from(logtoConfigs)
        .where(and(eq(logtoConfigs.tenantId, tenantId), inArray(logtoConfigs.key, ['oidc.privateKeys', 'oidc.cookieKeys'])));
      const stored = new Set(storedKeys.map(({ key }) => key));
      const keyRows = [
        ...(stored.has('oidc.privateKeys')
          ? []
          : [{ tenantId, key: 'oidc.privateKeys', value: generateKeySet(options.signingKeyType ?? 'EC') }]),
        ...(stored.has('oidc.cookieKeys') ? [] : [{ tenantId, key: 'oidc.cookieKeys', value: [generateCookieKey()] }]),
      ];
      if (keyRows.length > 0) {
        await tx.insert(logtoConfigs).values(keyRows).onConflictDoNothing();
      }
      await tx.insert(signInExperiences).values(defaultSignInExperience(tenantId)).onConflictDoNothing();
    }
    log('seed: tenants, signing and cookie keys, sign-in experiences');

    await seedManagementApi(tx, defaultTenantId, {
      name: managementApiAccessRoleName,
      description: 'This default role grants access to the Logto management API.',
      type: 'MachineToMachine',
    });
    // The console signs in on the admin endpoint and manages tenant `default` with this role.
    await seedManagementApi(tx, adminTenantId, {
      name: defaultTenantAdminRoleName,
      description: 'Admin of tenant default, with every Management API permission.',
      type: 'User',
    });
    // Logto's "Me API": what the console calls about its own signed-in user, granted to every
    // console user through the admin tenant's `user` role.
    await seedManagementApi(
      tx,
      adminTenantId,
      { name: adminTenantUserRoleName, description: 'Default role for admin tenant.', type: 'User' },
      { name: 'Logto Me API', indicator: meApiIndicator, scopeDescription: 'Default scope for Me API, allows all permissions.' },
    );
    await seedAdminTenantManagementApi(tx);
    log('seed: Management API and Me API resources, scope `all` and roles');
    // Logto closes the admin tenant's sign-up once it has its first administrator (experience-api
    // enforces it); a database from before that rule shows it closed from its next start.
    const [adminUser] = await tx.select({ id: users.id }).from(users).where(eq(users.tenantId, adminTenantId)).limit(1);
    if (adminUser) await tx.update(signInExperiences).set({ signInMode: 'SignIn' }).where(eq(signInExperiences.tenantId, adminTenantId));

    await tx
      .insert(applications)
      .values([
        spaClient(defaultTenantId, 'demo-app', 'Live Preview', `${endpoint}/demo-app`, `${endpoint}/demo-app`),
        // The account pages of the sign-in UI (Logto's built-in id), signing in to call the Account API.
        spaClient(defaultTenantId, 'account-center', 'Account Center', `${endpoint}/account/callback`, `${endpoint}/account`),
        spaClient(adminTenantId, 'admin-console', 'Admin Console', `${adminEndpoint}/console/callback`, `${adminEndpoint}/console`),
        // Logto's built-in device flow demo: a Native app flagged for the device authorization grant.
        {
          tenantId: defaultTenantId,
          id: 'device-demo-app',
          name: 'Device Flow Demo',
          secret: generateSecret(),
          type: 'Native',
          oidcClientMetadata: { redirectUris: [], postLogoutRedirectUris: [`${endpoint}/device-demo-app`] },
          customClientMetadata: { isDeviceFlow: true },
        },
      ])
      .onConflictDoNothing();
    log('seed: built-in applications demo-app and admin-console');
    log('seed: built-in device flow demo app device-demo-app');

    if (options.mockConnectorFolder) {
      const existing = await tx.select({ id: connectors.id }).from(connectors).where(eq(connectors.tenantId, defaultTenantId)).limit(1);
      if (existing.length === 0) {
        const config = { folder: options.mockConnectorFolder };
        await tx.insert(connectors).values([
          { tenantId: defaultTenantId, id: generateId(), connectorId: 'mock-email-service', config },
          { tenantId: defaultTenantId, id: generateId(), connectorId: 'mock-short-message-service', config },
        ]);
        log(`seed: mock email and SMS connectors writing to ${options.mockConnectorFolder}`);
      }
    }
  });
}
