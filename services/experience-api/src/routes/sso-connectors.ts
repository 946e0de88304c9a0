// Which enterprise SSO connectors sign in an email address's domain. This deployment has no
// enterprise SSO yet, so the answer is always empty; the route exists so that Logto's sign-in UI
// and SDKs, which ask before showing the password field, get Logto's answer.
import type { App } from '@idp/server-kit';
import { Type } from 'typebox';
import { loadExperience } from '../libraries/context.ts';
import type { ExperienceDeps } from '../libraries/deps.ts';

export function registerSsoConnectorRoutes(app: App, { client }: Pick<ExperienceDeps, 'client'>): void {
  app.get(
    '/api/experience/sso-connectors',
    {
      schema: {
        querystring: Type.Object({ email: Type.String({ minLength: 3, maxLength: 256, pattern: '^[^@\\s]+@[^@\\s]+$' }) }),
        response: { 200: Type.Object({ connectorIds: Type.Array(Type.String()) }) },
      },
    },
    async (request) => {
      // As in Logto, asked within a started experience.
      await loadExperience(client, request);
      return { connectorIds: [] };
    },
  );
}
