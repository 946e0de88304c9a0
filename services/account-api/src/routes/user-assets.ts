// POST /api/my-account/user-assets/avatar: a signed-in user uploads their avatar picture, then sets
// its URL with PATCH /api/my-account. And GET /user-assets/:name, outside /api and public: the
// files of the local folder (the management service stores there too), for browsers to show.
import { tenantIssuers } from '@idp/db';
import { RequestError } from '@idp/errors';
import { UserAssetUrlSchema } from '@idp/schemas';
import type { App } from '@idp/server-kit';
import { createUserAssetStore, localDirectory, registerLocalAssetRoute, registerMultipart, uploadImage } from '@idp/user-assets';
import type { AccountApiConfig } from '../config.ts';
import { userScopes } from '../libraries/profile.ts';
import { requireEditable, requireScope } from '../plugins/authentication.ts';

export function registerUserAssetRoutes(app: App, { config }: { config: AccountApiConfig }): void {
  const issuers = tenantIssuers(config);
  const store = createUserAssetStore(config, (tenantId) => (issuers[tenantId] ?? config.ENDPOINT).replace(/\/oidc$/, ''));
  registerMultipart(app);

  app.post('/api/my-account/user-assets/avatar', { schema: { response: { 200: UserAssetUrlSchema } } }, async (request) => {
    // As Logto: the scope and the account center's say first, before a byte of the file is read.
    requireScope(request, userScopes.profile);
    requireEditable(request, 'avatar');
    return uploadImage(request, store);
  });

  registerLocalAssetRoute(app, localDirectory(config), () => new RequestError('entity.not_found'));
}
