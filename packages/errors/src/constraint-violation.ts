// PostgreSQL's answer when a write breaks a constraint: two writers racing for one name (unique),
// or a row referring to one deleted meanwhile (foreign key). Callers map the constraint's name to
// the error code a client understands; see `@idp/server-kit`'s error handler for the defaults.

export type ConstraintViolation = { kind: 'unique' | 'foreign_key'; constraint: string | undefined };

const kinds: Record<string, ConstraintViolation['kind']> = { '23505': 'unique', '23503': 'foreign_key' };

export function constraintViolation(error: unknown, depth = 0): ConstraintViolation | undefined {
  if (!(error instanceof Error) || depth > 3) return undefined;
  const { code, constraint } = error as { code?: unknown; constraint?: unknown };
  const kind = typeof code === 'string' ? kinds[code] : undefined;
  if (kind) return { kind, constraint: typeof constraint === 'string' ? constraint : undefined };
  // Drizzle wraps the driver's error; the reason is in the cause.
  return constraintViolation(error.cause, depth + 1);
}
