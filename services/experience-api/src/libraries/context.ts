import { RequestError } from '@idp/errors';
import type { FastifyRequest } from 'fastify';
import { noteExperience } from './audit-log.ts';
import type { InteractionCall, InteractionDetails, OidcInteractionClient } from './oidc-interaction.ts';
import { newExperience, type ExperienceState, type InteractionEvent, type VerificationRecord } from './state.ts';

// Saving is versioned (see @idp/schemas api/experience/interaction.ts): a step saves over the
// version it read, and a save after another request's save is refused with 409
// `session.interaction_conflict`. Each step decides what a conflict means for it:
// - `save()` passes the 409 to the client. For steps that only decide on the state and did nothing
//   elsewhere: nothing is lost, and the client may simply send the step again.
// - `update(change)` re-reads once and applies `change` to the newer state. For steps that already
//   did something that must not be lost or done twice (a code sent or consumed, a provider's code
//   redeemed, a credential verified, a user created): `change` only records that outcome, and
//   checks again whatever it relies on, since it may run on a state another request changed.
export type Experience = {
  details: InteractionDetails;
  state: ExperienceState;
  save(): Promise<void>;
  update(change: (state: ExperienceState) => void | Promise<void>): Promise<void>;
};

export const interactionCall = (request: FastifyRequest): InteractionCall => ({
  tenantId: request.tenantId,
  cookie: request.headers.cookie,
});

export const isConflict = (error: unknown) => error instanceof RequestError && error.code === 'session.interaction_conflict';

/** Runs `task`, and once more if it lost a race with another save. Only for tasks safe to repeat. */
export async function retryOnConflict<T>(task: () => Promise<T>): Promise<T> {
  try {
    return await task();
  } catch (error) {
    if (!isConflict(error)) throw error;
    return task();
  }
}

/**
 * Replaces the experience whatever it holds: over `version` when the caller knows it, else over
 * whatever is stored, and once more over a newer one if another step saved in between.
 */
export async function overwriteExperience(
  client: OidcInteractionClient,
  call: InteractionCall,
  state: ExperienceState | null,
  version?: number,
): Promise<void> {
  try {
    await client.saveExperience(call, state, version);
  } catch (error) {
    if (!isConflict(error)) throw error;
    await client.saveExperience(call, state);
  }
}

const noExperience = () =>
  new RequestError('session.interaction_not_found', {
    message: 'No sign-in has been started in this interaction: call PUT /api/experience first.',
  });

/**
 * Whether a step may start from the copy of the experience this process last read or saved (see
 * OidcInteractionClient.recentDetails) instead of asking the oidc service again. The copy may be
 * stale, which the step's versioned save reveals: a step that only `save()`s runs through
 * `fromRecentExperience`, which runs it again on a fresh read; `update(change)` re-reads by itself.
 */
export type RecentOptions = {
  recent?: boolean;
  /** Only a copy of an experience of these events will do (others need the stored state to decide). */
  events?: readonly InteractionEvent[];
  /** Set when the step did start from a recent copy. */
  usedRecent?: boolean;
};

/**
 * Runs `step` from the recent copy of the experience and, if it fails having used one (a stale
 * copy: a conflicting save, or a decision on what has changed since), once more on a fresh read.
 * Only for steps that, before their save, do nothing that must not be done twice.
 */
export async function fromRecentExperience<T>(
  step: (options: RecentOptions) => Promise<T>,
  events?: readonly InteractionEvent[],
): Promise<T> {
  const options: RecentOptions = { recent: true, ...(events ? { events } : {}) };
  try {
    return await step(options);
  } catch (error) {
    if (!options.usedRecent) throw error;
    return step({});
  }
}

/**
 * The browser's current experience; `PUT /api/experience` must have started one, unless `orStart`
 * names the event of one to start (the passkey preflight may come first).
 */
export async function loadExperience(
  client: OidcInteractionClient,
  request: FastifyRequest,
  orStart?: InteractionEvent,
  options: RecentOptions = {},
): Promise<Experience> {
  const call = interactionCall(request);
  const read = async () => {
    const details = await client.details(call);
    const state = details.experience ?? (orStart ? newExperience(orStart) : undefined);
    if (!state) throw noExperience();
    return { details, state };
  };
  const recent = options.recent ? client.recentDetails(call) : undefined;
  const usable = recent?.experience && (!options.events || options.events.includes(recent.experience.interactionEvent));
  options.usedRecent = Boolean(usable);
  let { details, state } = usable && recent?.experience ? { details: recent, state: recent.experience } : await read();
  let { version } = details;
  const experience: Experience = {
    get details() {
      return details;
    },
    get state() {
      return state;
    },
    async save() {
      version = await client.saveExperience(call, state, version);
    },
    async update(change) {
      await change(state);
      try {
        await experience.save();
        return;
      } catch (error) {
        if (!isConflict(error)) throw error;
      }
      ({ details, state } = await read());
      ({ version } = details);
      await change(state);
      await experience.save();
    },
  };
  noteExperience(request, experience);
  return experience;
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
