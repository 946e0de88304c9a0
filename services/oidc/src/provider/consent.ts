import type { Db } from '@idp/db';
import type { Grant, InteractionResults, Provider } from 'oidc-provider';
import { findResourceByIndicator } from '../queries/resources.ts';
import { grantedResourceScopes } from './resource-servers.ts';
import { userScopes } from './scopes-and-claims.ts';

const isUserScope = (scope: string) => Object.hasOwn(userScopes, scope);

type Interaction = Awaited<ReturnType<Provider['interactionDetails']>>;

const asList = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : typeof value === 'string' && value ? [value] : []);

// First-party apps never show a consent screen (as in Logto): the grant gets every OpenID scope and
// claim asked for, and of each requested API resource exactly the scopes the user's roles grant;
// the rest is recorded as rejected, so oidc-provider does not ask again.
export async function consentAutomatically(
  provider: Provider,
  interaction: Interaction,
  accountId: string,
  context: { db: Db; tenantId: string },
): Promise<InteractionResults['consent']> {
  const { params } = interaction;
  const clientId = String(params.client_id);
  const grant: Grant =
    (interaction.grantId ? await provider.Grant.find(interaction.grantId) : undefined) ?? new provider.Grant({ accountId, clientId });

  const requested = new Set(
    String(params.scope ?? '')
      .split(' ')
      .filter(Boolean),
  );
  const details = interaction.prompt.details as {
    missingOIDCScope?: string[];
    missingOIDCClaims?: string[];
  };
  const oidcScopes = [...requested].filter((scope) => isUserScope(scope));
  grant.addOIDCScope([...new Set([...(details.missingOIDCScope ?? []), ...oidcScopes])].join(' '));
  if (details.missingOIDCClaims?.length) {
    grant.addOIDCClaims(details.missingOIDCClaims);
  }

  for (const indicator of asList(params.resource)) {
    const resource = await findResourceByIndicator(context.db, context.tenantId, indicator);
    if (!resource) continue;
    const allowed = new Set(await grantedResourceScopes(context, resource.id, { accountId }));
    const wanted = [...requested].filter((scope) => !isUserScope(scope));
    grant.addResourceScope(indicator, wanted.filter((scope) => allowed.has(scope)).join(' '));
    grant.rejectResourceScope(indicator, wanted.filter((scope) => !allowed.has(scope)).join(' '));
  }
  return { grantId: await grant.save() };
}
