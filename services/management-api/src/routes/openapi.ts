import { registerOpenApiRoutes as serveOpenApiDocument, type App } from '@idp/server-kit';
import { isMeRoute, isPublic } from '../plugins/authentication.ts';

// The API's own description, generated from the routes' TypeBox schemas once every route is in,
// served where Logto serves it. Like Logto's, it leaves out the console's own `/api/me` routes.
export function registerOpenApiRoutes(app: App): void {
  serveOpenApiDocument(app, ['/api/swagger.json', '/api/.well-known/management.openapi.json'], {
    title: 'Logto API references',
    version: '1.0.0',
    prefixes: ['/api/'],
    exclude: isMeRoute,
    isPublic,
    bearer: true,
  });
}
