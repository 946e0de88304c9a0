// The Experience API under /api/experience: sign-in, registration and password reset, finished
// through the oidc service's internal interaction API. This file is its route table.
import { createMessageSender } from '@idp/connectors';
import { createLogWriter, type Database } from '@idp/db';
import { createOutbound, parseAllowList } from '@idp/outbound';
import { createBackendService, registerSameOriginCheck, type App } from '@idp/server-kit';
import { listenForChangesWhileOpen } from '@idp/server-kit/change-listener';
import type { ExperienceApiConfig } from './config.ts';
import { registerAuditLog } from './libraries/audit-log.ts';
import { endpointResolver, type ExperienceDeps } from './libraries/deps.ts';
import { createOidcInteractionClient } from './libraries/oidc-interaction.ts';
import { createSecretBox } from '@idp/mfa';
import { createSentinel } from './libraries/sentinel.ts';
import { findConnectorsByTenantId } from './queries/connectors.ts';
import { cacheHookSubscriptions } from './queries/hook-subscriptions.ts';
import { cacheSignInExperiences } from './queries/sign-in-experience.ts';
import { registerConsentRoutes } from './routes/consent.ts';
import { registerInteractionRoutes } from './routes/interaction.ts';
import { registerMfaProfileRoutes } from './routes/mfa-profile.ts';
import { registerBackupCodeRoutes } from './routes/mfa-backup-code.ts';
import { registerTotpRoutes } from './routes/mfa-totp.ts';
import { registerMfaVerificationCodeRoutes } from './routes/mfa-verification-code.ts';
import { registerWebAuthnRoutes } from './routes/mfa-web-authn.ts';
import { registerSignInPasskeyRoutes } from './routes/sign-in-passkey.ts';
import { registerSocialRoutes } from './routes/social.ts';
import { registerSsoConnectorRoutes } from './routes/sso-connectors.ts';
import { registerSubmissionRoutes } from './routes/submission.ts';
import { registerVerificationRoutes } from './routes/verification.ts';

export { ExperienceApiConfigSchema, loadExperienceApiConfig, type ExperienceApiConfig } from './config.ts';

export type Deps = {
  config: ExperienceApiConfig;
  database: Database;
  /** The clock for codes, TOTP steps and sign-in locks (tests move it); the system clock by default. */
  now?: () => Date;
};

export function buildApp({ config, database, now = () => new Date() }: Deps): App {
  const app = createBackendService('experience-api', config, database);
  // The browser's interaction cookie authorises these calls: pages of other sites may not send them.
  registerSameOriginCheck(app);
  const { db } = database;
  // The sign-in experience and the webhooks' events are kept in memory while change notifications
  // can drop them (see queries/sign-in-experience.ts, queries/hook-subscriptions.ts). The listener
  // connects in its own onReady hook, added first.
  const caches = [cacheSignInExperiences(db), cacheHookSubscriptions(db)];
  listenForChangesWhileOpen(app, config.DATABASE_URL, (change) => {
    for (const cache of caches) cache.invalidate(change);
  });
  app.addHook('onReady', async () => {
    for (const cache of caches) cache.enable(true);
  });
  app.addHook('onClose', async () => {
    for (const cache of caches) cache.enable(false);
  });
  const client = createOidcInteractionClient(config.OIDC_URL, config.INTERNAL_SECRET, config.OIDC_SOCKET);
  app.addHook('onClose', () => client.close());
  // Connectors reach SMS endpoints, SMTP servers and social providers only through this guard.
  const outbound = createOutbound(parseAllowList(config.OUTBOUND_ALLOW_HOSTS));
  const deps: ExperienceDeps = {
    db,
    client,
    sender: createMessageSender({ findConnectors: (tenantId) => findConnectorsByTenantId(db, tenantId), outbound, log: app.log }),
    outbound,
    sentinel: createSentinel(db, now),
    secretBox: createSecretBox(db, config.SECRET_ENCRYPTION_KEY),
    now,
    endpointOf: endpointResolver(config),
  };
  registerInteractionRoutes(app, deps);
  registerVerificationRoutes(app, deps);
  registerSocialRoutes(app, deps);
  registerSsoConnectorRoutes(app, deps);
  registerTotpRoutes(app, deps);
  registerWebAuthnRoutes(app, deps);
  registerBackupCodeRoutes(app, deps);
  registerMfaVerificationCodeRoutes(app, deps);
  registerSignInPasskeyRoutes(app, deps);
  registerMfaProfileRoutes(app, deps);
  registerSubmissionRoutes(app, deps);
  registerConsentRoutes(app, deps);
  registerAuditLog(
    app,
    createLogWriter(db, { onError: (error) => app.log.error({ err: error }, 'audit log entries could not be written') }),
  );
  return app;
}
