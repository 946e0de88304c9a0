// The admin tenant (the console's administrators) is open for sign-up exactly once, as in Logto
// OSS: the first account, registered through the console (client `admin-console`), becomes the
// administrator (the admin tenant's `user` role, `default:admin` and `admin:admin`), and the admin
// tenant's sign-in mode turns to SignIn. Later administrators are created by an existing one, never by sign-up.
// Logto reads "first" as "no user yet" (hasActiveUsers); so does this, whatever the stored sign-in
// mode says, so a database seeded before this rule is closed as well.
import { adminTenantId, generateId, type Db } from '@idp/db';
import { RequestError } from '@idp/errors';
import { roles, signInExperiences, users, usersRoles, type NewUser, type User } from '@idp/schemas';
import { adminTenantAdminRoleName, adminTenantUserRoleName } from '@idp/db';
import { and, eq, inArray, sql } from 'drizzle-orm';

const adminConsoleClientId = 'admin-console';
/** The admin tenant's role holding every permission of tenant `default`'s Management API. */
const defaultTenantAdminRoleName = 'default:admin';

const signUpClosed = () =>
  new RequestError('auth.forbidden', {
    message: 'The admin tenant does not accept sign-ups: an administrator creates other administrators.',
    data: { interactionEvent: 'Register', signInMode: 'SignIn' },
  });

async function hasUsers(db: Pick<Db, 'select'>): Promise<boolean> {
  const [row] = await db.select({ id: users.id }).from(users).where(eq(users.tenantId, adminTenantId)).limit(1);
  return row !== undefined;
}

/** 403 auth.forbidden for a registration in the admin tenant once it has a user. */
export async function assertAdminSignUpOpen(db: Db, tenantId: string): Promise<void> {
  if (tenantId === adminTenantId && (await hasUsers(db))) throw signUpClosed();
}

/**
 * Creates the admin tenant's first user with the administrator's roles and closes the sign-up, in
 * one transaction under a lock, so two visitors racing to be first cannot both succeed.
 */
export async function createFirstAdministrator(
  db: Db,
  values: Omit<NewUser, 'id' | 'tenantId'>,
  applicationId: string | undefined,
): Promise<User> {
  if (applicationId !== adminConsoleClientId) {
    throw new RequestError('auth.forbidden', {
      message: 'The first administrator signs up through the admin console.',
      data: { interactionEvent: 'Register' },
    });
  }
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('idp:admin-tenant-first-user'))`);
    if (await hasUsers(tx)) throw signUpClosed();
    const [user] = await tx
      .insert(users)
      .values({ ...values, tenantId: adminTenantId, id: generateId() })
      .returning();
    const granted = await tx
      .select({ id: roles.id })
      .from(roles)
      .where(
        and(
          eq(roles.tenantId, adminTenantId),
          inArray(roles.name, [adminTenantUserRoleName, defaultTenantAdminRoleName, adminTenantAdminRoleName]),
        ),
      );
    if (granted.length > 0) {
      await tx
        .insert(usersRoles)
        .values(granted.map(({ id }) => ({ tenantId: adminTenantId, id: generateId(), userId: user!.id, roleId: id })));
    }
    await tx.update(signInExperiences).set({ signInMode: 'SignIn' }).where(eq(signInExperiences.tenantId, adminTenantId));
    return user!;
  });
}
