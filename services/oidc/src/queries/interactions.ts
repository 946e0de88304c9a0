// The experience state the Experience API keeps with an interaction carries a version (in the
// interaction's `result`, next to the state). Writing a result is conditional on that version: the
// compare and the write are one statement, so of two steps that read the same version exactly one
// wins, and the other is told instead of silently overwriting what the first one added.
import type { Db } from '@idp/db';
import type { ExperienceState } from '@idp/schemas';
import { runPrepared } from './prepared.ts';

/** What the internal interaction API keeps in an interaction's `result` besides oidc-provider's keys. */
export type StoredResult = { experience?: ExperienceState; experienceVersion?: number };

export const experienceVersionOf = (result: unknown): number => {
  const version = (result as StoredResult | undefined)?.experienceVersion;
  return typeof version === 'number' ? version : 0;
};

// Only `result` changes: the rest of the payload and the expiry stay as oidc-provider wrote them.
// An interaction that expired or was resumed (deleted) meanwhile matches no row either.
const saveResultIfVersion = {
  name: 'oidc_interaction_save_result_if_version',
  text: `update oidc_model_instances set payload = jsonb_set(payload, '{result}', $4::jsonb)
    where tenant_id = $1 and model_name = 'Interaction' and id = $2 and expires_at > now()
      and coalesce(payload->'result'->>'experienceVersion', '0') = $3
    returning payload->'params' as params, payload->'session'->>'accountId' as "accountId"`,
} as const;

/** What a save answers of the interaction besides the version: its request's parameters and who is signed in. */
export type SavedInteraction = { params: Record<string, unknown>; accountId: string | null };

/**
 * Replaces the interaction's result if its experience version is still `expected`, answering the
 * interaction's parameters; undefined otherwise.
 */
export async function saveInteractionResult(
  db: Db,
  tenantId: string,
  uid: string,
  expected: number,
  result: Record<string, unknown> & StoredResult,
): Promise<SavedInteraction | undefined> {
  const { rows } = await runPrepared<SavedInteraction>(db, saveResultIfVersion, [tenantId, uid, String(expected), JSON.stringify(result)]);
  return rows[0];
}

// A (re)start replaces whatever is stored, whatever its version, and moves the version on.
const replaceResult = {
  name: 'oidc_interaction_replace_result',
  text: `update oidc_model_instances set payload = jsonb_set(payload, '{result}', $3::jsonb || jsonb_build_object(
      'experienceVersion', coalesce((payload->'result'->>'experienceVersion')::int, 0) + 1))
    where tenant_id = $1 and model_name = 'Interaction' and id = $2 and expires_at > now()
    returning (payload->'result'->>'experienceVersion')::int as version, payload->'params' as params,
      payload->'session'->>'accountId' as "accountId"`,
} as const;

/** Replaces the interaction's result with `result` and the next version; undefined when there is no live interaction. */
export async function replaceInteractionResult(
  db: Db,
  tenantId: string,
  uid: string,
  result: Record<string, unknown> & StoredResult,
): Promise<(SavedInteraction & { version: number }) | undefined> {
  const { rows } = await runPrepared<SavedInteraction & { version: number }>(db, replaceResult, [tenantId, uid, JSON.stringify(result)]);
  return rows[0];
}

const liveInteraction = {
  name: 'oidc_interaction_is_live',
  text: `select 1 from oidc_model_instances
    where tenant_id = $1 and model_name = 'Interaction' and id = $2 and expires_at > now()`,
} as const;

/** Whether the interaction exists and has not expired. */
export async function interactionIsLive(db: Db, tenantId: string, uid: string): Promise<boolean> {
  const { rowCount } = await runPrepared(db, liveInteraction, [tenantId, uid]);
  return (rowCount ?? 0) > 0;
}
