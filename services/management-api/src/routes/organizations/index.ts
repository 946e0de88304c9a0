// Everything about organizations: the organizations and their members (users and machine-to-machine
// apps) with their roles, just-in-time provisioning, the organization template (roles and scopes),
// and the organizations of a user or an app.
import type { Db } from '@idp/db';
import type { App } from '@idp/server-kit';
import { registerOrganizationApplicationRoutes } from './applications.ts';
import { registerOrganizationJitRoutes } from './jit.ts';
import { registerMemberOrganizationRoutes } from './member-organizations.ts';
import { registerOrganizationCoreRoutes } from './organizations.ts';
import { registerOrganizationTemplateRoutes } from './template.ts';
import { registerOrganizationUserRoutes } from './users.ts';

export function registerOrganizationRoutes(app: App, deps: { db: Db }): void {
  registerOrganizationCoreRoutes(app, deps);
  registerOrganizationUserRoutes(app, deps);
  registerOrganizationApplicationRoutes(app, deps);
  registerOrganizationJitRoutes(app, deps);
  registerOrganizationTemplateRoutes(app, deps);
  registerMemberOrganizationRoutes(app, deps);
}
