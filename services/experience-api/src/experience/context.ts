import { RequestError } from '@idp/errors';
import type { FastifyRequest } from 'fastify';
import type { InteractionDetails, OidcInteractionClient } from './oidc-interaction.ts';
import type { ExperienceState, VerificationRecord } from './state.ts';

export type Experience = {
  details: InteractionDetails;
  state: ExperienceState;
  save(): Promise<void>;
};

export const interactionCall = (request: FastifyRequest) => ({ tenantId: request.tenantId, cookie: request.headers.cookie });

/** The browser's current experience; `PUT /api/experience` must have started one. */
export async function loadExperience(client: OidcInteractionClient, request: FastifyRequest): Promise<Experience> {
  const call = interactionCall(request);
  const details = await client.details(call);
  if (!details.experience) {
    throw new RequestError('session.not_found', { message: 'No sign-in has been started in this interaction: call PUT /api/experience first.' });
  }
  const state = details.experience;
  return { details, state, save: () => client.saveExperience(call, state) };
}

export function findRecord<Type extends VerificationRecord['type']>(
  state: ExperienceState,
  id: string,
  types: readonly Type[],
): Extract<VerificationRecord, { type: Type }> {
  const record = state.verificationRecords.find((candidate) => candidate.id === id);
  if (!record || !(types as readonly string[]).includes(record.type)) {
    throw new RequestError('session.verification_session_not_found', { data: { verificationId: id } });
  }
  return record as Extract<VerificationRecord, { type: Type }>;
}

/** Adds or replaces a record; at most a few per interaction are kept, newest last. */
export function putRecord(state: ExperienceState, record: VerificationRecord): void {
  state.verificationRecords = [...state.verificationRecords.filter(({ id }) => id !== record.id), record].slice(-10);
}
