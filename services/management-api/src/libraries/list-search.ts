// Logto's list search parameters, on every list that has `search` (users, roles, applications,
// scopes, a role's users and apps, …): `search` (every searchable field) or `search.<field>`, with
// `mode` / `mode.<field>` (`like`, the default; `exact`; `similar_to`; `posix`), `joint` /
// `jointMode` (`or`, the default, or `and`) and `isCaseSensitive`. A query Logto would refuse is
// refused with Logto's `request.invalid_input`.
//
// One deliberate difference: Logto hands a `like` value to SQL as a LIKE pattern. Here a `like` value
// is data, matched as a substring, so `_` and `%` inside it match only themselves (Logto's `%word%`
// wrapper is read as "contains", see queries/search.ts). `posix` and `similar_to` take the caller's
// pattern as Logto does; it is a bound parameter, never SQL text.
import { normalizePhone } from '@idp/phone';
import { RequestError } from '@idp/errors';
import { applications, roles, scopes, users } from '@idp/schemas';
import { and, ilike, inArray, like, or, sql, type Column, type SQL } from 'drizzle-orm';
import { likePattern } from '../queries/search.ts';

/** The columns a list searches, by Logto's field names. */
export type SearchFields = Readonly<Record<string, Column>>;
/** How a field's search value is read before matching (phone numbers: their stored form). */
type Normalisers = Readonly<Record<string, (value: string) => string | undefined>>;

export const userSearchFields: SearchFields = {
  id: users.id,
  username: users.username,
  primaryEmail: users.primaryEmail,
  primaryPhone: users.primaryPhone,
  name: users.name,
};
export const roleSearchFields: SearchFields = { id: roles.id, name: roles.name, description: roles.description };
export const applicationSearchFields: SearchFields = {
  id: applications.id,
  name: applications.name,
  description: applications.description,
};
export const scopeSearchFields: SearchFields = { id: scopes.id, name: scopes.name, description: scopes.description };

// Logto accepts a field in either case style (it snake-cases them).
const fieldNamesOf = (fields: SearchFields) =>
  new Map<string, string>(
    Object.keys(fields).flatMap((field) => [
      [field, field],
      [field.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`), field],
    ]),
  );

const matchModes = ['like', 'exact', 'similar_to', 'posix'] as const;
type MatchMode = (typeof matchModes)[number];
const isMatchMode = (value: string): value is MatchMode => (matchModes as readonly string[]).includes(value);

// Our own bounds on one request's work (not Logto's rules, so reported as a plain bad input).
const maxValueLength = 256;
const maxValues = 100;

/** What Logto answers for a search it cannot run. */
const invalid = (message: string) => new RequestError('request.invalid_input', { message });

/** Logto's reading of a yes/no query value: anything else is no. */
const isYes = (value: string | null) => value !== null && ['1', 'true', 'y', 'yes', 'yep', 'yeah'].includes(value.toLowerCase());

/** `search` → undefined (every field), `search.name` → 'name'; a key of another parameter → null. */
function fieldOf(key: string, prefix: 'search' | 'mode', fields: SearchFields): string | undefined | null {
  if (!key.startsWith(prefix)) return null;
  if (key === prefix) return undefined;
  const path = key.split('.');
  if (path[0] !== prefix) return null;
  if (path.length > 2) throw invalid(`\`${key}\`: only first-level fields can be searched.`);
  const field = fieldNamesOf(fields).get(path[1]!);
  if (!field) throw invalid(`\`${path[1]}\` cannot be searched; the fields are ${Object.keys(fields).join(', ')}.`);
  return field;
}

function condition(column: Column, mode: MatchMode, values: string[], caseSensitive: boolean): SQL {
  switch (mode) {
    case 'exact':
      // lower(primary_email) is what the tenant's unique email index holds: exact email look-ups use it.
      return caseSensitive
        ? inArray(column, values)
        : inArray(
            sql`lower(${column})`,
            values.map((value) => value.toLowerCase()),
          );
    case 'like': {
      const pattern = likePattern(values[0]!);
      return caseSensitive ? like(column, pattern) : ilike(column, pattern);
    }
    case 'similar_to':
      return sql`${column} similar to ${values[0]}`;
    case 'posix':
      return caseSensitive ? sql`${column} ~ ${values[0]}` : sql`${column} ~* ${values[0]}`;
  }
}

/** The WHERE condition a list's query string asks for over `fields`, or undefined for no search. */
export function buildSearch(query: URLSearchParams, fields: SearchFields, normalisers: Normalisers = {}): SQL | undefined {
  const modes = new Map<string | undefined, MatchMode>();
  const values = new Map<string | undefined, string[]>();
  let count = 0;
  for (const [key, value] of query) {
    const modeField = fieldOf(key, 'mode', fields);
    if (modeField !== null) {
      if (!isMatchMode(value)) throw invalid(`Search mode \`${value}\` is not supported; use one of ${matchModes.join(', ')}.`);
      modes.set(modeField, value);
      continue;
    }
    const field = fieldOf(key, 'search', fields);
    if (field === null) continue;
    if (value.length > maxValueLength) {
      throw new RequestError('guard.invalid_input', { message: `A search value may have at most ${maxValueLength} characters.` });
    }
    count += 1;
    if (count > maxValues) throw new RequestError('guard.invalid_input', { message: `At most ${maxValues} search values are allowed.` });
    values.set(field, [...(values.get(field) ?? []), value]);
  }

  const joint = query.get('joint') ?? query.get('jointMode') ?? 'or';
  if (joint !== 'or' && joint !== 'and') throw invalid(`Search joint mode \`${joint}\` is not supported; use \`or\` or \`and\`.`);
  const caseSensitive = isYes(query.get('isCaseSensitive'));
  if (values.size === 0) return undefined;

  const conditions = [...values].map(([field, terms]) => {
    const mode = modes.get(field) ?? modes.get(undefined) ?? 'like';
    if (terms.some((term) => term === '')) throw invalid('A search value cannot be empty.');
    if (mode !== 'exact' && terms.length > 1) throw invalid('Only `exact` mode takes several values for one field.');
    if (mode === 'similar_to' && !caseSensitive) throw invalid('`similar_to` matches only with `isCaseSensitive=true`.');
    const names = field ? [field] : Object.keys(fields);
    return or(
      ...names.map((name) => {
        const normalise = normalisers[name];
        // A value the field's normaliser cannot read is matched as typed.
        const read = normalise ? terms.map((term) => normalise(term) ?? term) : terms;
        return condition(fields[name]!, mode, read, caseSensitive);
      }),
    )!;
  });
  return joint === 'and' ? and(...conditions) : or(...conditions);
}

/** The users list's search: a phone number matches in the one form it is stored in, however typed. */
export const buildUserSearch = (query: URLSearchParams) => buildSearch(query, userSearchFields, { primaryPhone: normalizePhone });

/** A list's query string as the URL carries it: repeated and dotted keys (`search.name`) intact. */
export const searchParamsOf = (url: string) => new URLSearchParams(url.includes('?') ? url.slice(url.indexOf('?') + 1) : '');

/** PostgreSQL's answer to a `posix` or `similar_to` pattern it cannot compile or run. */
function isBadPatternError(error: unknown): boolean {
  for (let current = error; current && typeof current === 'object'; current = (current as { cause?: unknown }).cause) {
    const { code } = current as { code?: unknown };
    // invalid_regular_expression, and program_limit_exceeded for a pattern too complex to run.
    if (code === '2201B' || code === '54000' || code === '54001') return true;
  }
  return false;
}

/** Runs a list query, answering Logto's `request.invalid_input` for a pattern PostgreSQL refuses. */
export async function withSearchPatterns<T>(list: () => Promise<T>): Promise<T> {
  try {
    return await list();
  } catch (error) {
    if (isBadPatternError(error)) throw new RequestError('request.invalid_input', { message: 'The search pattern is not valid.' });
    throw error;
  }
}
