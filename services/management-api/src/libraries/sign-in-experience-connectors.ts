// Sign-up and sign-in methods that send codes need a connector to send them with: Logto refuses
// to save email (or phone) sign-up, or sign-in by email (or phone) verification code, while the
// tenant has no Email (or Sms) connector, rather than let end users meet a dead end.
import type { Db } from '@idp/db';
import { RequestError } from '@idp/errors';
import type { UpdateSignInExperienceBody } from '@idp/schemas';
import { listConnectors } from './connectors.ts';

type Channel = 'Email' | 'Sms';
const channelOf = { email: 'Email', phone: 'Sms' } as const satisfies Record<string, Channel>;

/** The connector types the PATCH's own sign-up and sign-in parts need (the stored ones are not rechecked). */
function neededChannels({ signUp, signIn }: UpdateSignInExperienceBody): Channel[] {
  const needed = new Set<Channel>();
  for (const identifier of signUp?.identifiers ?? []) {
    if (identifier === 'email' || identifier === 'phone') needed.add(channelOf[identifier]);
  }
  for (const { identifier, verificationCode } of signIn?.methods ?? []) {
    if (verificationCode && (identifier === 'email' || identifier === 'phone')) needed.add(channelOf[identifier]);
  }
  // Email first, as Logto checks it first.
  return (['Email', 'Sms'] as const).filter((channel) => needed.has(channel));
}

/** Throws Logto's 400 `sign_in_experiences.enabled_connector_not_found` for the first channel without a connector. */
export async function assertConnectorsForMethods(db: Db, tenantId: string, body: UpdateSignInExperienceBody): Promise<void> {
  const needed = neededChannels(body);
  if (needed.length === 0) return;
  const present = new Set((await listConnectors(db, tenantId)).map(({ factory }) => factory.type));
  const missing = needed.find((channel) => !present.has(channel));
  if (missing) {
    throw new RequestError('sign_in_experiences.enabled_connector_not_found', {
      message: `Enabled ${missing} connector is not found.`,
    });
  }
}
