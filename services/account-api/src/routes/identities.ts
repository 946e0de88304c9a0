// /api/my-account/identities/:target: unlinking a social account (setting `social` Edit, the
// `identities` scope, proof of identity). The last way the user has to sign in cannot go.
import type { Db } from '@idp/db';
import { RequestError } from '@idp/errors';
import type { App } from '@idp/server-kit';
import { Type } from 'typebox';
import { checkIdentityProof } from '../libraries/identity-proof.ts';
import { userScopes } from '../libraries/profile.ts';
import { spendIdentityProof } from '../libraries/verification.ts';
import { requireEditable, requireScope } from '../plugins/authentication.ts';
import { lockUser, updateUser } from '../queries/users.ts';
import { verificationIdOf } from './header.ts';

export function registerIdentityRoutes(app: App, { db }: { db: Db }): void {
  app.delete(
    '/api/my-account/identities/:target',
    { schema: { params: Type.Object({ target: Type.String({ minLength: 1, maxLength: 128 }) }) } },
    async (request, reply) => {
      const { tenantId, account, params } = request;
      // As in Logto: proof first, then the setting, then the scope; spent with the change.
      await checkIdentityProof(db, tenantId, account.userId, verificationIdOf(request));
      requireEditable(request, 'social');
      requireScope(request, userScopes.identities);
      await db.transaction(async (tx) => {
        await spendIdentityProof(tx, tenantId, account.userId, verificationIdOf(request));
        const user = await lockUser(tx, tenantId, account.userId);
        if (!Object.hasOwn(user.identities, params.target)) throw new RequestError('user.identity_not_exist');
        const { [params.target]: _removed, ...identities } = user.identities;
        const left = [user.username, user.primaryEmail, user.primaryPhone].filter(Boolean).length + Object.keys(identities).length;
        if (left === 0) throw new RequestError('user.last_sign_in_method_required');
        await updateUser(tx, tenantId, account.userId, { identities });
      });
      return reply.status(204).send();
    },
  );
}
