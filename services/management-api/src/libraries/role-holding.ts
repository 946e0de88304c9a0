// Adding and replacing the roles a holder (a user, a machine-to-machine app) has: the same steps
// for both, with the holder's own checks.
import type { Db } from '@idp/db';
import type { Role } from '@idp/schemas';
import type { LinkQueries } from '../queries/links.ts';
import { findRolesByIds } from '../queries/roles.ts';

export type RoleHolding = {
  /** Adds roles, ignoring those the holder has; returns the ones added. */
  add(db: Db, tenantId: string, holderId: string, roleIds: string[]): Promise<string[]>;
  /** Makes the holder have exactly these roles, in one transaction (a token sees the old roles or the new ones). */
  replace(db: Db, tenantId: string, holderId: string, roleIds: string[]): Promise<void>;
};

export function createRoleHolding(
  links: LinkQueries,
  assertHolder: (db: Db, tenantId: string, holderId: string) => Promise<unknown>,
  assertRoles: (roles: Role[]) => void,
): RoleHolding {
  return {
    async add(db, tenantId, holderId, roleIds) {
      await assertHolder(db, tenantId, holderId);
      const held = new Set(await links.findLinked(db, tenantId, holderId));
      const added = [...new Set(roleIds)].filter((id) => !held.has(id));
      assertRoles(await findRolesByIds(db, tenantId, added));
      await links.insert(db, tenantId, holderId, added, { ignoreExisting: true });
      return added;
    },
    async replace(db, tenantId, holderId, roleIds) {
      await assertHolder(db, tenantId, holderId);
      const wanted = [...new Set(roleIds)];
      assertRoles(await findRolesByIds(db, tenantId, wanted));
      await links.replace(db, tenantId, holderId, wanted);
    },
  };
}
