// The rules of applications: which types may be created how, which redirect URIs an app type may
// use, protected apps' metadata, and the Management API admin flag of machine-to-machine apps.
import type { Db } from '@idp/db';
import { RequestError } from '@idp/errors';
import type {
  Application,
  ApplicationResponse,
  ApplicationType,
  CreateApplicationBody,
  OidcClientMetadata,
  UpdateApplicationBody,
} from '@idp/schemas';
import { insertApplicationSecret } from '../queries/application-secrets.ts';
import * as applicationQueries from '../queries/applications.ts';
import { internalSecretPrefix } from '../queries/applications.ts';
import { lockForTransaction } from '../queries/locks.ts';
import { defaultSecretName, hasSecrets } from './application-secrets.ts';
import { assertPageRules, buildProtectedApp, protectedAppOrigin } from './protected-apps.ts';
import { parseUrl } from './urls.ts';

/** An application as the API shows it: an internal secret (nobody's to use) is left out, as in Logto. */
export const toApplicationResponse = ({ secret, ...application }: Application): ApplicationResponse => ({
  ...application,
  ...(secret.startsWith(internalSecretPrefix) ? {} : { secret }),
  createdAt: application.createdAt.getTime(),
  appLevelAccessControlEnabled: false,
});

/** The types a third party's app may have (Logto's: apps a person signs in to, never M2M or protected ones). */
const thirdPartyTypes = new Set<ApplicationType>(['Traditional', 'SPA', 'Native']);

/** A new application and, for a type that authenticates with a secret, its first named secret. */
export type CreatedApplication = { application: Application; defaultSecret?: string };

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/** Inserts the app and, in the same transaction, Logto's `Default secret` for the types that have secrets. */
async function insertWithDefaultSecret(
  tx: Tx,
  values: Parameters<typeof applicationQueries.insertApplication>[1],
): Promise<CreatedApplication> {
  const application = await applicationQueries.insertApplication(tx, values);
  if (!hasSecrets(application.type)) return { application };
  const secret = await insertApplicationSecret(tx, application.tenantId, application.id, { name: defaultSecretName, expiresAt: null });
  return { application, defaultSecret: secret.value };
}

// Redirect URIs must be absolute URLs without a fragment; web apps only over http(s), native apps
// may use their own scheme.
function assertValidUris(type: ApplicationType, metadata: Partial<OidcClientMetadata> | undefined): void {
  if (!metadata) return;
  const check = (field: string, uri: string, allowCustomScheme: boolean) => {
    const url = parseUrl(uri);
    if (!url) throw new RequestError('guard.invalid_input', { message: `\`${field}\` holds an invalid URI: ${uri}`, data: { field, uri } });
    const web = url.protocol === 'http:' || url.protocol === 'https:';
    if (url.hash || (!web && !allowCustomScheme)) {
      throw new RequestError('guard.invalid_input', {
        message: `\`${field}\` holds a URI this app type cannot use: ${uri}`,
        data: { field, uri },
      });
    }
  };
  const native = type === 'Native';
  for (const uri of metadata.redirectUris ?? []) check('redirectUris', uri, native);
  for (const uri of metadata.postLogoutRedirectUris ?? []) check('postLogoutRedirectUris', uri, native);
  if (metadata.backchannelLogoutUri) check('backchannelLogoutUri', metadata.backchannelLogoutUri, false);
  if (metadata.logoUri) check('logoUri', metadata.logoUri, false);
}

/**
 * Inserts a protected app unless its host is taken. Hosts are names under one deployment-wide domain,
 * so the check spans every tenant (it answers only "taken", never whose). Requests for the same host
 * take turns, on any replica.
 */
function insertProtectedApplication(
  db: Db,
  values: Parameters<typeof applicationQueries.insertApplication>[1] & { protectedAppMetadata: { host: string } },
): Promise<CreatedApplication> {
  const { host } = values.protectedAppMetadata;
  return db.transaction(async (tx) => {
    await lockForTransaction(tx, `protected-app-host:${host}`);
    if (await applicationQueries.isProtectedHostTaken(tx, host)) {
      throw new RequestError('application.protected_application_subdomain_exists', { data: { host } });
    }
    return insertWithDefaultSecret(tx, values);
  });
}

export async function createApplication(
  db: Db,
  tenantId: string,
  body: CreateApplicationBody,
  protectedAppDomain: string,
): Promise<CreatedApplication> {
  const { oidcClientMetadata, protectedAppMetadata, ...rest } = body;
  // Logto creates SAML apps through its own API (/api/saml-applications), which is not offered here.
  if (rest.type === 'SAML') throw new RequestError('application.saml.use_saml_app_api');
  if (rest.isThirdParty && !thirdPartyTypes.has(rest.type)) throw new RequestError('application.invalid_third_party_application_type');
  if (rest.type === 'Protected') {
    if (!protectedAppMetadata) throw new RequestError('application.protected_app_metadata_is_required');
    if (oidcClientMetadata) {
      throw new RequestError('guard.invalid_input', {
        message: "A protected app's redirect URIs follow from its host: leave `oidcClientMetadata` out.",
        data: { field: 'oidcClientMetadata' },
      });
    }
    return insertProtectedApplication(db, { ...rest, tenantId, ...buildProtectedApp(protectedAppMetadata, protectedAppDomain) });
  }
  if (protectedAppMetadata) throw new RequestError('application.protected_application_only', { data: { field: 'protectedAppMetadata' } });
  assertValidUris(rest.type, oidcClientMetadata);
  return db.transaction((tx) =>
    insertWithDefaultSecret(tx, {
      ...rest,
      tenantId,
      oidcClientMetadata: oidcClientMetadata ?? { redirectUris: [], postLogoutRedirectUris: [] },
    }),
  );
}

/** The app with Logto's `isAdmin`: whether it holds the role that grants the Management API. */
export async function findApplicationDetails(db: Db, tenantId: string, id: string) {
  const [application, isAdmin] = await Promise.all([
    applicationQueries.findApplication(db, tenantId, id),
    applicationQueries.isManagementApiAdmin(db, tenantId, id),
  ]);
  return { ...toApplicationResponse(application), isAdmin };
}

export async function updateApplication(db: Db, tenantId: string, id: string, body: UpdateApplicationBody): Promise<Application> {
  const { isAdmin, oidcClientMetadata, customClientMetadata, protectedAppMetadata, ...rest } = body;
  const existing = await applicationQueries.findApplication(db, tenantId, id);
  assertValidUris(existing.type, oidcClientMetadata);
  // `null` changes nothing, as in Logto; an object is merged into the stored metadata.
  let protectedAppUpdate = {};
  if (protectedAppMetadata) {
    if (existing.type !== 'Protected')
      throw new RequestError('application.protected_application_only', { data: { field: 'protectedAppMetadata' } });
    if (!existing.protectedAppMetadata) throw new RequestError('application.protected_application_misconfigured', { data: { id } });
    const { origin, pageRules, ...others } = protectedAppMetadata;
    if (pageRules) assertPageRules(pageRules);
    protectedAppUpdate = {
      protectedAppMetadata: {
        ...existing.protectedAppMetadata,
        ...others,
        ...(pageRules ? { pageRules } : {}),
        ...(origin === undefined ? {} : { origin: protectedAppOrigin(origin) }),
      },
    };
  }
  if (isAdmin !== undefined) {
    if (existing.type !== 'MachineToMachine') {
      throw new RequestError('guard.invalid_input', { message: 'Only machine-to-machine apps can be Management API admins.' });
    }
    await applicationQueries.setManagementApiAdmin(db, tenantId, id, isAdmin);
  }
  return applicationQueries.updateApplication(db, tenantId, id, {
    ...rest,
    ...protectedAppUpdate,
    ...(oidcClientMetadata ? { oidcClientMetadata: { ...existing.oidcClientMetadata, ...oidcClientMetadata } } : {}),
    ...(customClientMetadata ? { customClientMetadata: { ...existing.customClientMetadata, ...customClientMetadata } } : {}),
  });
}
