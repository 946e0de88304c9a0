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
    returning id`,
} as const;

/** Replaces the interaction's result if its experience version is still `expected`; false otherwise. */
export async function saveInteractionResult(
  db: Db,
  tenantId: string,
  uid: string,
  expected: number,
  result: Record<string, unknown> & StoredResult,
): Promise<boolean> {
  const { rowCount } = await runPrepared(db, saveResultIfVersion, [tenantId, uid, String(expected), JSON.stringify(result)]);
  return (rowCount ?? 0) > 0;
}
