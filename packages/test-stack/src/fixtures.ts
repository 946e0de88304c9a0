import { generateId, generateSecret, type Db } from '@idp/db';
import {
  applications,
  applicationsRoles,
  resources,
  roles,
  rolesScopes,
  scopes,
  users,
  usersRoles,
  type NewApplication,
} from '@idp/schemas';

// Rows a test needs, written straight into the tenant's tables (the Management API will make these
// through HTTP once it lands).
export async function insertUser(db: Db, tenantId: string, values: Partial<typeof users.$inferInsert> = {}) {
  const id = generateId();
  const [user] = await db
    .insert(users)
    .values({ tenantId, id, username: `user_${id.slice(0, 8)}`, ...values })
    .returning();
  return user!;
}

export async function insertApplication(db: Db, tenantId: string, values: Pick<NewApplication, 'type'> & Partial<NewApplication>) {
  const [application] = await db
    .insert(applications)
    .values({ tenantId, id: generateId(), name: `app ${values.type}`, secret: generateSecret(), ...values })
    .returning();
  return application!;
}

/** A resource with the given scopes, and a role per entry of `roles` holding the listed scopes. */
export async function insertResource(db: Db, tenantId: string, indicator: string, scopeNames: string[], accessTokenTtl = 3600) {
  const [resource] = await db
    .insert(resources)
    .values({ tenantId, id: generateId(), name: indicator, indicator, accessTokenTtl })
    .returning();
  const scopeRows = scopeNames.length
    ? await db
        .insert(scopes)
        .values(scopeNames.map((name) => ({ tenantId, id: generateId(), resourceId: resource!.id, name })))
        .returning()
    : [];
  return { resource: resource!, scopes: Object.fromEntries(scopeRows.map((row) => [row.name, row.id])) };
}

export async function insertRole(
  db: Db,
  tenantId: string,
  options: { type: 'User' | 'MachineToMachine'; scopeIds: string[]; name?: string },
) {
  const [role] = await db
    .insert(roles)
    .values({
      tenantId,
      id: generateId(),
      name: options.name ?? `role ${generateId().slice(0, 6)}`,
      description: 'test role',
      type: options.type,
    })
    .returning();
  if (options.scopeIds.length) {
    await db.insert(rolesScopes).values(options.scopeIds.map((scopeId) => ({ tenantId, id: generateId(), roleId: role!.id, scopeId })));
  }
  return role!;
}

export async function assignUserRole(db: Db, tenantId: string, userId: string, roleId: string) {
  await db.insert(usersRoles).values({ tenantId, id: generateId(), userId, roleId });
}

export async function assignApplicationRole(db: Db, tenantId: string, applicationId: string, roleId: string) {
  await db.insert(applicationsRoles).values({ tenantId, id: generateId(), applicationId, roleId });
}
