import { buildOpenApiDocument, type App } from '@idp/server-kit';
import { isPublic } from '../plugins/authentication.ts';

// The API's own description, generated from the routes' TypeBox schemas once every route is in,
// served where Logto serves it.
export function registerOpenApiRoutes(app: App): void {
  let document: ReturnType<typeof buildOpenApiDocument> | undefined;
  const serve = async () =>
    (document ??= buildOpenApiDocument(app.registeredRoutes, { title: 'Management API', version: '1.0.0', prefix: '/api/', isPublic }));
  app.get('/api/swagger.json', serve);
  app.get('/api/.well-known/management.openapi.json', serve);
}
