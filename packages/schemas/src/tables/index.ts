// Every table, so drizzle-kit (schema './src/tables/index.ts') and the services see the same set.
export * from './application-secrets.ts';
export * from './applications-roles.ts';
export * from './applications.ts';
export * from './connectors.ts';
export * from './custom-phrases.ts';
export * from './logs.ts';
export * from './logto-configs.ts';
export * from './oidc-model-instances.ts';
export * from './passcodes.ts';
export * from './resources.ts';
export * from './roles-scopes.ts';
export * from './roles.ts';
export * from './scopes.ts';
export * from './sign-in-experiences.ts';
export * from './tenants.ts';
export * from './users-roles.ts';
export * from './users.ts';
