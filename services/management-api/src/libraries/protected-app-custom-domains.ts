// Custom domains of protected apps (Logto's /api/applications/:id/protected-app-metadata/custom-domains):
// a domain the app is also to be served at, besides its `<subDomain>.<PROTECTED_APP_DOMAIN>` host.
//
// Self-hosted: there is no edge provider here (Logto Cloud hands domains to Cloudflare, which checks
// DNS and issues certificates). A domain is recorded with the CNAME record its owner has to create,
// and stays `PendingVerification` with no `cloudflareData`: the operator points DNS at the proxy that
// serves protected apps and sets up TLS for it themselves.
import type { Db } from '@idp/db';
import { RequestError } from '@idp/errors';
import type { Application, ProtectedAppCustomDomain, ProtectedAppMetadata } from '@idp/schemas';
import * as applicationQueries from '../queries/applications.ts';
import { lockForTransaction } from '../queries/locks.ts';
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
  if (!application.protectedAppMetadata)
    throw new RequestError('application.protected_application_misconfigured', { data: { id: application.id } });
  return application.protectedAppMetadata;
}

export async function listCustomDomains(db: Db, tenantId: string, id: string): Promise<ProtectedAppCustomDomain[]> {
  return assertProtected(await applicationQueries.findApplication(db, tenantId, id)).customDomains ?? [];
}

export async function addCustomDomain(db: Db, tenantId: string, id: string, value: string, protectedAppDomain: string): Promise<void> {
  const domain = checkDomain(value, protectedAppDomain);
  await db.transaction(async (tx) => {
    // A domain reaches one app only, whichever tenant owns it, so the check spans every tenant
    // (and answers only "taken", never whose). Requests for one domain take turns on any replica;
    // the app's row is locked so its one-domain limit holds under concurrent requests too.
    await lockForTransaction(tx, `protected-app-custom-domain:${domain}`);
    const metadata = assertProtected(await applicationQueries.findApplicationForUpdate(tx, tenantId, id));
    if (await applicationQueries.isProtectedHostTaken(tx, domain, true))
      throw new RequestError('domain.hostname_already_exists', { data: { domain } });
    if ((metadata.customDomains ?? []).length > 0) throw new RequestError('domain.limit_to_one_domain', { data: { id } });
    const entry: ProtectedAppCustomDomain = {
      domain,
      status: 'PendingVerification',
      errorMessage: null,
      dnsRecords: [{ name: domain, type: 'CNAME', value: metadata.host }],
      cloudflareData: null,
    };
    await applicationQueries.appendCustomDomain(tx, tenantId, id, entry);
  });
}

export async function deleteCustomDomain(db: Db, tenantId: string, id: string, value: string): Promise<void> {
  const domain = value.toLowerCase();
  if (await applicationQueries.removeCustomDomain(db, tenantId, id, domain)) return;
  assertProtected(await applicationQueries.findApplication(db, tenantId, id));
  throw new RequestError('domain.not_found', { data: { domain } });
}
