// Custom domains of protected apps (Logto's /api/applications/:id/protected-app-metadata/custom-domains):
// a domain the app is also to be served at, besides its `<subDomain>.<PROTECTED_APP_DOMAIN>` host.
//
// Self-hosted: there is no edge provider here (Logto Cloud hands domains to Cloudflare, which checks
// DNS and issues certificates). A domain is recorded with the CNAME record its owner has to create,
// and stays `PendingVerification` with no `cloudflareData`: the operator points DNS at the proxy that
// serves protected apps and sets up TLS for it themselves.
import type { Db } from '@idp/db';
import { RequestError } from '@idp/errors';
import {
  applications,
  CreateProtectedAppCustomDomainBodySchema,
  IdParamsSchema,
  ProtectedAppCustomDomainListResponseSchema,
  ProtectedAppCustomDomainParamsSchema,
  type Application,
  type ProtectedAppCustomDomain,
  type ProtectedAppMetadata,
} from '@idp/schemas';
import type { App } from '@idp/server-kit';
import { and, eq, sql } from 'drizzle-orm';
import { findApplication } from '../queries/applications.ts';
import { dnsLabel } from './protected-apps.ts';


/**
 * A custom domain as stored: lower-cased, at most 253 characters, two labels or more, and a last
 * label that is not all digits (so no IPv4 address). Names under the deployment's own protected-app
 * domain are refused: those are the apps' subdomain hosts.
 */
function checkDomain(value: string, protectedAppDomain: string): string {
  const domain = value.toLowerCase();
  const labels = domain.split('.');
  const valid = domain.length <= 253 && labels.length >= 2 && labels.every((label) => dnsLabel.test(label)) && /[a-z]/.test(labels.at(-1)!);
  if (!valid) {
    throw new RequestError('domain.invalid_hostname', { message: `\`${value}\` is not a valid hostname.`, data: { domain: value } });
  }
  if (domain === protectedAppDomain || domain.endsWith(`.${protectedAppDomain}`)) {
    throw new RequestError('domain.invalid_hostname', {
      message: `Names under \`${protectedAppDomain}\` are protected apps' own hosts; choose a domain of your own.`,
      data: { domain },
    });
  }
  return domain;
}

function assertProtected(application: Application): ProtectedAppMetadata {
  if (application.type !== 'Protected') throw new RequestError('application.protected_application_only', { data: { id: application.id } });
  if (!application.protectedAppMetadata) throw new RequestError('application.protected_application_misconfigured', { data: { id: application.id } });
  return application.protectedAppMetadata;
}

const byId = (tenantId: string, id: string) => and(eq(applications.tenantId, tenantId), eq(applications.id, id));
const storedDomains = sql`coalesce(${applications.protectedAppMetadata} -> 'customDomains', '[]'::jsonb)`;

export function registerProtectedAppCustomDomainRoutes(app: App, db: Db, options: { protectedAppDomain: string }): void {
  app.get(
    '/api/applications/:id/protected-app-metadata/custom-domains',
    { schema: { params: IdParamsSchema, response: { 200: ProtectedAppCustomDomainListResponseSchema } } },
    async (request) => assertProtected(await findApplication(db, request.tenantId, request.params.id)).customDomains ?? [],
  );

  app.post(
    '/api/applications/:id/protected-app-metadata/custom-domains',
    { schema: { params: IdParamsSchema, body: CreateProtectedAppCustomDomainBodySchema } },
    async (request, reply) => {
      const { tenantId } = request;
      const { id } = request.params;
      const domain = checkDomain(request.body.domain, options.protectedAppDomain);
      await db.transaction(async (tx) => {
        // A domain reaches one app only, whichever tenant owns it, so the check spans every tenant
        // (and answers only "taken", never whose). Requests for one domain take turns on any replica;
        // the app's row is locked so its one-domain limit holds under concurrent requests too.
        await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`protected-app-custom-domain:${domain}`}))`);
        const [application] = await tx.select().from(applications).where(byId(tenantId, id)).for('update');
        if (!application) throw new RequestError('entity.not_exists_with_id', { message: `The application with id \`${id}\` does not exist.`, data: { id } });
        const metadata = assertProtected(application);
        const [taken] = await tx
          .select({ id: applications.id })
          .from(applications)
          .where(
            and(
              eq(applications.type, 'Protected'),
              sql`(${applications.protectedAppMetadata} ->> 'host' = ${domain}
                or ${storedDomains} @> ${JSON.stringify([{ domain }])}::jsonb)`,
            ),
          )
          .limit(1);
        if (taken) throw new RequestError('domain.hostname_already_exists', { data: { domain } });
        if ((metadata.customDomains ?? []).length > 0) throw new RequestError('domain.limit_to_one_domain', { data: { id } });
        const entry: ProtectedAppCustomDomain = {
          domain,
          status: 'PendingVerification',
          errorMessage: null,
          dnsRecords: [{ name: domain, type: 'CNAME', value: metadata.host }],
          cloudflareData: null,
        };
        await tx
          .update(applications)
          .set({
            protectedAppMetadata: sql`jsonb_set(${applications.protectedAppMetadata}, '{customDomains}', ${storedDomains} || ${JSON.stringify([entry])}::jsonb)`,
          })
          .where(byId(tenantId, id));
      });
      return reply.status(201).send();
    },
  );

  app.delete(
    '/api/applications/:id/protected-app-metadata/custom-domains/:domain',
    { schema: { params: ProtectedAppCustomDomainParamsSchema } },
    async (request, reply) => {
      const { tenantId } = request;
      const { id } = request.params;
      const domain = request.params.domain.toLowerCase();
      // Filtered inside PostgreSQL: one statement, no read-modify-write.
      const [removed] = await db
        .update(applications)
        .set({
          protectedAppMetadata: sql`jsonb_set(${applications.protectedAppMetadata}, '{customDomains}', (
            select coalesce(jsonb_agg(entry order by position), '[]'::jsonb)
            from jsonb_array_elements(${storedDomains}) with ordinality as entries(entry, position)
            where entry ->> 'domain' is distinct from ${domain}))`,
        })
        .where(and(byId(tenantId, id), eq(applications.type, 'Protected'), sql`${storedDomains} @> ${JSON.stringify([{ domain }])}::jsonb`))
        .returning({ id: applications.id });
      if (!removed) {
        assertProtected(await findApplication(db, tenantId, id));
        throw new RequestError('domain.not_found', { data: { domain } });
      }
      return reply.status(204).send();
    },
  );
}
