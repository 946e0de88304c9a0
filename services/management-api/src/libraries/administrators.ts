// The admin tenant always keeps one active administrator (a user holding `admin:admin`, the role
// over the admin tenant's own Management API): without one nobody could sign in to the console to
// manage anything, and the admin tenant's sign-up is closed for good after its first user.
import { adminTenantAdminRoleName, adminTenantId, type Db } from '@idp/db';
import { RequestError } from '@idp/errors';
import { roles, users, usersRoles } from '@idp/schemas';
import { and, countDistinct, eq, ne, sql } from 'drizzle-orm';

const lastAdministrator = () => new RequestError('user.last_admin_cannot_be_removed');

/** Active (not suspended) holders of the administrator role, optionally leaving one user out. */
async function countAdministrators(db: Db, exceptUserId?: string): Promise<number> {
  const [row] = await db
    .select({ total: countDistinct(users.id) })
    .from(usersRoles)
    .innerJoin(roles, and(eq(roles.tenantId, usersRoles.tenantId), eq(roles.id, usersRoles.roleId)))
    .innerJoin(users, and(eq(users.tenantId, usersRoles.tenantId), eq(users.id, usersRoles.userId)))
    .where(
      and(
        eq(usersRoles.tenantId, adminTenantId),
        eq(roles.name, adminTenantAdminRoleName),
        eq(users.isSuspended, false),
        exceptUserId === undefined ? undefined : ne(users.id, exceptUserId),
      ),
    );
  return row?.total ?? 0;
}

/** Whether this admin tenant user is its only active administrator. */
export async function isLastAdministrator(db: Db, tenantId: string, userId: string): Promise<boolean> {
  if (tenantId !== adminTenantId) return false;
  const [all, others] = await Promise.all([countAdministrators(db), countAdministrators(db, userId)]);
  return all > 0 && others === 0;
}

/**
 * Runs a change to users or their roles (delete, suspend, take a role away, replace roles, delete a
 * role) and, in the admin tenant, refuses it (422, rolled back) when it leaves no active
 * administrator where there was one. Checking the outcome rather than each kind of change covers them
 * all; the lock makes two administrators removing each other at once take turns, so one is refused.
 */
export async function keepingAnAdministrator<T>(db: Db, tenantId: string, change: (tx: Db) => Promise<T>): Promise<T> {
  if (tenantId !== adminTenantId) return change(db);
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('idp:admin-tenant-administrators'))`);
    const before = await countAdministrators(tx);
    const result = await change(tx);
    if (before > 0 && (await countAdministrators(tx)) === 0) throw lastAdministrator();
    return result;
  });
}

/** The same refusal before anything is tried, for callers that must answer it ahead of other checks. */
export async function assertNotLastAdministrator(db: Db, tenantId: string, userId: string): Promise<void> {
  if (await isLastAdministrator(db, tenantId, userId)) throw lastAdministrator();
}
