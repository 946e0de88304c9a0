import type { Db } from '@idp/db';
import type { Grant, InteractionResults, Provider } from 'oidc-provider';
import { findConsentScopeNamesOfApplication, recordFirstConsentedApplication } from '../queries/consent.ts';
import { findOrganizationScopeNames } from '../queries/organizations.ts';
import { findResourceByIndicator } from '../queries/resources.ts';
import { findConsentOrganizationScopeNames } from '../queries/third-party-organizations.ts';
import { organizationsResource } from './organization-tokens.ts';
import { grantedResourceScopes } from './resource-servers.ts';
import { userScopes } from './scopes-and-claims.ts';

const isUserScope = (scope: string) => Object.hasOwn(userScopes, scope);

type Interaction = Awaited<ReturnType<Provider['interactionDetails']>>;
type ConsentContext = { db: Db; tenantId: string };

const asList = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : typeof value === 'string' && value ? [value] : []);
const unique = (values: string[]) => [...new Set(values)];

/** What a consent grants: decided by the server alone, whatever the consent page shows or sends. */
export type ConsentPlan = {
  /** The user-info scopes oidc-provider reports missing from the grant (what the page lists). */
  missingOIDCScope: string[];
  /** Every user-info scope of the request, granted with the missing ones. */
  oidcScopes: string[];
  oidcClaims: string[];
  resources: Array<{ indicator: string; missing: string[]; grant: string[]; reject: string[] }>;
};

// Of each requested API resource, the user's roles decide which scopes may be granted; a
// third-party app gets at most those its consent settings name. The rest is recorded as rejected,
// so oidc-provider does not ask again for what can never be granted.
export async function planConsent(
  interaction: Interaction,
  accountId: string,
  context: ConsentContext,
  { thirdParty }: { thirdParty: boolean },
): Promise<ConsentPlan> {
  const { params } = interaction;
  const requested = String(params.scope ?? '')
    .split(' ')
    .filter(Boolean);
  const details = interaction.prompt.details as {
    missingOIDCScope?: string[];
    missingOIDCClaims?: string[];
    missingResourceScopes?: Record<string, string[]>;
  };
  const missingResourceScopes = details.missingResourceScopes ?? {};
  const resources: ConsentPlan['resources'] = [];
  for (const indicator of unique([...asList(params.resource), ...Object.keys(missingResourceScopes)])) {
    if (indicator === organizationsResource) {
      // Logto's reserved resource: any organization scope the user asks for (roles decide later,
      // per organization, what a token carries). A third-party app gets those its consent settings
      // name.
      const organizationScopes = thirdParty
        ? await findConsentOrganizationScopeNames(context.db, context.tenantId, String(params.client_id))
        : await findOrganizationScopeNames(context.db, context.tenantId);
      resources.push(planResource(indicator, requested, missingResourceScopes[indicator], new Set(organizationScopes)));
      continue;
    }
    const resource = await findResourceByIndicator(context.db, context.tenantId, indicator);
    if (!resource) continue;
    let allowed = new Set(await grantedResourceScopes(context, resource.id, { accountId }));
    if (thirdParty) {
      const consentable = new Set(
        await findConsentScopeNamesOfApplication(context.db, context.tenantId, String(params.client_id), resource.id),
      );
      allowed = new Set([...allowed].filter((scope) => consentable.has(scope)));
    }
    resources.push(planResource(indicator, requested, missingResourceScopes[indicator], allowed));
  }
  const missingOIDCScope = details.missingOIDCScope ?? [];
  return {
    missingOIDCScope,
    oidcScopes: unique([...missingOIDCScope, ...requested.filter((scope) => isUserScope(scope))]),
    oidcClaims: details.missingOIDCClaims ?? [],
    resources,
  };
}

/** Of the scopes a request asks for one resource, those granted and those rejected. */
function planResource(
  indicator: string,
  requested: string[],
  missing: string[] | undefined,
  allowed: Set<string>,
): ConsentPlan['resources'][number] {
  const wanted = unique([...requested.filter((scope) => !isUserScope(scope)), ...(missing ?? [])]);
  const grant = wanted.filter((scope) => allowed.has(scope));
  return {
    indicator,
    missing: missing ? grant.filter((scope) => missing.includes(scope)) : grant,
    grant,
    reject: wanted.filter((scope) => !allowed.has(scope)),
  };
}

/** Writes the plan into the interaction's grant (a new one the first time): the consent result. */
export async function grantConsent(
  provider: Provider,
  interaction: Interaction,
  accountId: string,
  plan: ConsentPlan,
): Promise<InteractionResults['consent']> {
  const clientId = String(interaction.params.client_id);
  // The interaction names the grant of the browser's session as it was when the interaction began;
  // when consent comes with the login itself, that session may be someone else's.
  const existing = interaction.grantId ? await provider.Grant.find(interaction.grantId) : undefined;
  const grant: Grant =
    existing && existing.accountId === accountId && existing.clientId === clientId ? existing : new provider.Grant({ accountId, clientId });
  if (plan.oidcScopes.length > 0) grant.addOIDCScope(plan.oidcScopes.join(' '));
  if (plan.oidcClaims.length > 0) grant.addOIDCClaims(plan.oidcClaims);
  for (const { indicator, grant: granted, reject } of plan.resources) {
    // Named even with no scope granted: the resource itself is then part of the grant.
    grant.addResourceScope(indicator, granted.join(' '));
    grant.rejectResourceScope(indicator, reject.join(' '));
  }
  return { grantId: await grant.save() };
}

/**
 * A consent as the server decides it (planConsent), written into the grant, and the app remembered
 * as the user's first unless `firstAppKnown` (Logto's `users.application_id`): the consent result.
 * The consent routes and the login of a first-party app both consent through here.
 */
export async function consentAsPlanned(
  provider: Provider,
  interaction: Interaction,
  accountId: string,
  context: ConsentContext,
  { thirdParty, firstAppKnown = false }: { thirdParty: boolean; firstAppKnown?: boolean },
): Promise<InteractionResults['consent']> {
  const result = await grantConsent(provider, interaction, accountId, await planConsent(interaction, accountId, context, { thirdParty }));
  if (!firstAppKnown) await recordFirstConsentedApplication(context.db, context.tenantId, accountId, String(interaction.params.client_id));
  return result;
}
