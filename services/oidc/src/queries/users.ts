import type { Db } from '@idp/db';
import { roles, users, usersRoles } from '@idp/schemas';
import { and, eq } from 'drizzle-orm';

export async function findUserById(db: Db, tenantId: string, id: string) {
  const [row] = await db.select().from(users).where(and(eq(users.tenantId, tenantId), eq(users.id, id)));
  return row;
}

export async function findRoleNamesOfUser(db: Db, tenantId: string, userId: string): Promise<string[]> {
  const rows = await db
    .select({ name: roles.name })
    .from(usersRoles)
    .innerJoin(roles, and(eq(roles.tenantId, usersRoles.tenantId), eq(roles.id, usersRoles.roleId)))
    .where(and(eq(usersRoles.tenantId, tenantId), eq(usersRoles.userId, userId)));
  return rows.map(({ name }) => name);
}
