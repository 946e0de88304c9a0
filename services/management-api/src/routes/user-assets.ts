// /api/user-assets: what may be uploaded, and the upload itself (the console's logo and avatar
// pickers). The files are served by the account service (GET /user-assets/:name) or the bucket.
import { tenantIssuers } from '@idp/db';
import { UserAssetUrlSchema, UserAssetsServiceStatusSchema } from '@idp/schemas';
import type { App } from '@idp/server-kit';
import { allowUploadMimeTypes, createUserAssetStore, maxUploadFileSize, registerMultipart, uploadImage } from '@idp/user-assets';
import type { ManagementApiConfig } from '../config.ts';

export function registerUserAssetRoutes(app: App, { config }: { config: ManagementApiConfig }): void {
  const issuers = tenantIssuers(config);
  // A local file's URL is on the endpoint of the tenant that uploaded it, where the gateway serves it.
  const store = createUserAssetStore(config, (tenantId) => (issuers[tenantId] ?? config.ENDPOINT).replace(/\/oidc$/, ''));
  registerMultipart(app);

  // A local folder is always there, so the service is always ready (Logto answers `not_configured`
  // when no storage provider is set up).
  app.get('/api/user-assets/service-status', { schema: { response: { 200: UserAssetsServiceStatusSchema } } }, async () => ({
    status: 'ready' as const,
    allowUploadMimeTypes: [...allowUploadMimeTypes],
    maxUploadFileSize,
  }));

  app.post('/api/user-assets', { schema: { response: { 200: UserAssetUrlSchema } } }, async (request) => uploadImage(request, store));
}
