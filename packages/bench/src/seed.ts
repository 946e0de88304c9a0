// What the benchmark needs in the database, written directly: machine-to-machine apps (one with
// the Management API role, one with a role on a benchmark API resource), a confidential web app
// for the code flow, an organization whose members (a machine-to-machine app and the first
// thousand users) hold an organization role (for organization tokens), and N users in one INSERT … SELECT generate_series (seconds for
// 100,000).
import { generateId, generateSecret, type Db } from '@idp/db';
import { createManagementApiApp } from '@idp/db/setup';
import { hashPassword } from '@idp/password';
import {
  applications,
  applicationsRoles,
  organizationApplicationRelations,
  organizationRoleApplicationRelations,
  organizationRoleScopeRelations,
  organizationRoles,
  organizationScopes,
  organizations,
  resources,
  roles,
  rolesScopes,
  scopes,
} from '@idp/schemas';
import type pg from 'pg';
import type { OidcClient } from './flows.ts';

export const benchResource = 'https://bench.example.com/api';
export const benchScope = 'bench:read';
export const benchOrganizationScope = 'bench:org:read';
export const benchPassword = 'bench-Password-1';
export const callbackUri = 'http://127.0.0.1:9/callback';

export type Seeded = {
  managementClient: { id: string; secret: string };
  m2mClient: { id: string; secret: string };
  /** A machine-to-machine app, member of `organizationId` with a role granting `benchOrganizationScope`. */
  organizationClient: { id: string; secret: string };
  organizationId: string;
  /** Bulk users 1..organizationMembers are members of `organizationId` with a role granting `benchOrganizationScope`. */
  organizationMembers: number;
  webClient: OidcClient;
  userCount: number;
  /** The id of bulk user number `n` (1-based), and its username. */
  userId: (n: number) => string;
  username: (n: number) => string;
  seedMs: number;
  usersMs: number;
};

export const bulkUserId = (n: number) => `bench${String(n).padStart(16, '0')}`;
export const bulkUsername = (n: number) => `bench_user_${n}`;

/** `count` users of tenant `tenantId` sharing one password digest, created one second apart. */
export async function insertBulkUsers(pool: pg.Pool, tenantId: string, count: number, passwordEncrypted: string): Promise<void> {
  // In statements of 20,000 rows: each stays well inside the stack's statement timeout on a busy
  // machine (the users table's five trigram indexes, migration 0017, make inserts dearer).
  const chunk = 20_000;
  const createdBefore = new Date();
  for (let first = 1; first <= count; first += chunk) {
    await pool.query(
      `insert into users (tenant_id, id, username, primary_email, name, password_encrypted, password_encryption_method, created_at)
       select $1, 'bench' || lpad(n::text, 16, '0'), 'bench_user_' || n, 'bench_user_' || n || '@example.com', 'Bench User ' || n,
              $2, 'Argon2id', $5::timestamptz - make_interval(secs => n)
       from generate_series($3::int, $4::int) as n`,
      [tenantId, passwordEncrypted, first, Math.min(count, first + chunk - 1), createdBefore],
    );
  }
  // As autovacuum would leave a long-lived table: statistics and the visibility map up to date.
  await pool.query('vacuum analyze users');
}

export async function seedBench(db: Db, pool: pg.Pool, options: { tenantId: string; userCount: number }): Promise<Seeded> {
  const { tenantId } = options;
  const started = performance.now();
  const managementClient = await createManagementApiApp(db, 'bench: Management API', tenantId);

  const m2mClient = { id: generateId(), secret: generateSecret() };
  const organizationClient = { id: generateId(), secret: generateSecret() };
  const organizationId = generateId();
  const memberRoleId = generateId();
  const webClient: OidcClient = { id: generateId(), secret: generateSecret(), redirectUri: callbackUri };
  await db.transaction(async (tx) => {
    const resourceId = generateId();
    const scopeId = generateId();
    const roleId = generateId();
    await tx.insert(resources).values({ tenantId, id: resourceId, name: 'bench API', indicator: benchResource });
    await tx.insert(scopes).values({ tenantId, id: scopeId, resourceId, name: benchScope });
    await tx.insert(roles).values({ tenantId, id: roleId, name: 'bench m2m role', description: 'bench', type: 'MachineToMachine' });
    await tx.insert(rolesScopes).values({ tenantId, id: generateId(), roleId, scopeId });
    await tx.insert(applications).values([
      { tenantId, ...m2mClient, name: 'bench: client credentials', type: 'MachineToMachine' },
      { tenantId, ...organizationClient, name: 'bench: organization member', type: 'MachineToMachine' },
      {
        tenantId,
        id: webClient.id,
        secret: webClient.secret,
        name: 'bench: web app',
        type: 'Traditional',
        oidcClientMetadata: { redirectUris: [callbackUri], postLogoutRedirectUris: [] },
      },
    ]);
    await tx.insert(applicationsRoles).values({ tenantId, id: generateId(), applicationId: m2mClient.id, roleId });

    const organizationScopeId = generateId();
    const organizationRoleId = generateId();
    await tx.insert(organizations).values({ tenantId, id: organizationId, name: 'bench organization' });
    await tx.insert(organizationScopes).values({ tenantId, id: organizationScopeId, name: benchOrganizationScope });
    await tx.insert(organizationRoles).values([
      { tenantId, id: organizationRoleId, name: 'bench org m2m role', type: 'MachineToMachine' },
      { tenantId, id: memberRoleId, name: 'bench org member role', type: 'User' },
    ]);
    await tx.insert(organizationRoleScopeRelations).values([
      { tenantId, organizationRoleId, organizationScopeId },
      { tenantId, organizationRoleId: memberRoleId, organizationScopeId },
    ]);
    await tx.insert(organizationApplicationRelations).values({ tenantId, organizationId, applicationId: organizationClient.id });
    await tx
      .insert(organizationRoleApplicationRelations)
      .values({ tenantId, organizationId, applicationId: organizationClient.id, organizationRoleId });
  });

  const usersStarted = performance.now();
  const { passwordEncrypted } = await hashPassword(benchPassword);
  await insertBulkUsers(pool, tenantId, options.userCount, passwordEncrypted);
  const organizationMembers = Math.min(options.userCount, 1000);
  await pool.query(
    `with members as (
       insert into organization_user_relations (tenant_id, organization_id, user_id)
       select $1, $2, 'bench' || lpad(n::text, 16, '0') from generate_series(1, $3::int) as n
       returning tenant_id, organization_id, user_id)
     insert into organization_role_user_relations (tenant_id, organization_id, user_id, organization_role_id)
     select tenant_id, organization_id, user_id, $4 from members`,
    [tenantId, organizationId, organizationMembers, memberRoleId],
  );
  const finished = performance.now();
  return {
    managementClient,
    m2mClient,
    organizationClient,
    organizationId,
    organizationMembers,
    webClient,
    userCount: options.userCount,
    userId: bulkUserId,
    username: bulkUsername,
    seedMs: Math.round(finished - started),
    usersMs: Math.round(finished - usersStarted),
  };
}
