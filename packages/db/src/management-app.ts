import { applications, applicationsRoles, roles } from '@idp/schemas';
import { and, eq } from 'drizzle-orm';
import type { Db } from './database.ts';
import { generateId, generateSecret } from './ids.ts';
import { defaultTenantId, managementApiAccessRoleName } from './well-known.ts';

/**
 * The first machine-to-machine app of a fresh install, holding the Management API role: what an
 * administrator's backend (or `@logto/api`) authenticates with before any console exists.
 */
export async function createManagementApiApp(db: Db, name: string, tenantId = defaultTenantId): Promise<{ id: string; secret: string }> {
  return db.transaction(async (tx) => {
    const [role] = await tx
      .select({ id: roles.id })
      .from(roles)
      .where(and(eq(roles.tenantId, tenantId), eq(roles.name, managementApiAccessRoleName)));
    if (!role) throw new Error(`tenant ${tenantId} has no "${managementApiAccessRoleName}" role: run the seed first`);
    const app = { tenantId, id: generateId(), secret: generateSecret(), name, type: 'MachineToMachine' as const };
    await tx.insert(applications).values(app);
    await tx.insert(applicationsRoles).values({ tenantId, id: generateId(), applicationId: app.id, roleId: role.id });
    return { id: app.id, secret: app.secret };
  });
}
