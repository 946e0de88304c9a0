// How `sentinel_activities.target_hash` names a target: sha256 (hex) of the type and the value, an
// identifier trimmed and lower-cased (sign-in compares them case-insensitively), an address as is.
// The experience API writes with it and the Management API unlocks with it.
import { createHash } from 'node:crypto';

export type SentinelTarget = { type: 'Identifier' | 'Ip'; value: string };

export const sentinelTargetHash = ({ type, value }: SentinelTarget) =>
  createHash('sha256')
    .update(`${type}:${type === 'Identifier' ? value.trim().toLowerCase() : value}`)
    .digest('hex');
