// Logto's user search parameters: `search` (every searchable field) or `search.<field>`, with
// `mode` / `mode.<field>` (`like`, the default, or `exact`), `joint` / `jointMode` (`or`, the
// default, or `and`) and `isCaseSensitive`.
//
// One deliberate difference: Logto hands a `like` value to SQL as a LIKE pattern. Here a value is
// data, matched as a substring, so `_` and `%` inside it match only themselves. Logto's clients wrap
// terms in `%…%` (its docs: `search=%alice%`), so one leading and one trailing `%` are read as that
// wrapper and dropped. `similar_to` and `posix` (patterns and regular expressions from the caller)
// are refused.
import { RequestError } from '@idp/errors';
import { users } from '@idp/schemas';
import { and, ilike, inArray, like, or, sql, type SQL } from 'drizzle-orm';
import { likePattern } from '../queries/search.ts';

const searchFields = {
  id: users.id,
  username: users.username,
  primaryEmail: users.primaryEmail,
  primaryPhone: users.primaryPhone,
  name: users.name,
};
type SearchField = keyof typeof searchFields;
// Logto accepts a field in either case style (it snake-cases them).
const fieldNames = new Map<string, SearchField>(
  Object.keys(searchFields).flatMap((field) => [
    [field, field as SearchField],
    [field.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`), field as SearchField],
  ]),
);

const maxValueLength = 256;
const maxValues = 100;

const invalid = (message: string) => new RequestError('guard.invalid_input', { message });

/** `search` → undefined (every field), `search.name` → 'name'; anything else is not a search key. */
function fieldOf(key: string, prefix: 'search' | 'mode'): SearchField | undefined | null {
  if (key === prefix) return undefined;
  if (!key.startsWith(`${prefix}.`)) return null;
  const field = fieldNames.get(key.slice(prefix.length + 1));
  if (!field) throw invalid(`\`${key}\` is not a search key; the fields are ${Object.keys(searchFields).join(', ')}.`);
  return field;
}

const stripWrapper = (value: string) => value.replace(/^%/, '').replace(/%$/, '');

/** The WHERE condition for a users list, or undefined when the query asks for no search. */
export function buildUserSearch(query: URLSearchParams): SQL | undefined {
  const modes = new Map<SearchField | undefined, 'like' | 'exact'>();
  const values = new Map<SearchField | undefined, string[]>();
  let count = 0;
  for (const [key, value] of query) {
    const modeField = fieldOf(key, 'mode');
    if (modeField !== null) {
      if (value !== 'like' && value !== 'exact') throw invalid(`Search mode \`${value}\` is not supported; use \`like\` or \`exact\`.`);
      modes.set(modeField, value);
      continue;
    }
    const field = fieldOf(key, 'search');
    if (field === null) continue;
    if (value === '' || value.length > maxValueLength) throw invalid(`A search value must have 1 to ${maxValueLength} characters.`);
    count += 1;
    if (count > maxValues) throw invalid(`At most ${maxValues} search values are allowed.`);
    values.set(field, [...(values.get(field) ?? []), value]);
  }
  if (values.size === 0) return undefined;

  const joint = query.get('joint') ?? query.get('jointMode') ?? 'or';
  if (joint !== 'or' && joint !== 'and') throw invalid('`joint` must be `or` or `and`.');
  const isCaseSensitive = query.get('isCaseSensitive') ?? 'false';
  if (isCaseSensitive !== 'true' && isCaseSensitive !== 'false') throw invalid('`isCaseSensitive` must be `true` or `false`.');
  const caseSensitive = isCaseSensitive === 'true';

  const conditions = [...values].map(([field, terms]) => {
    const columns = field ? [searchFields[field]] : Object.values(searchFields);
    const mode = modes.get(field) ?? modes.get(undefined) ?? 'like';
    if (mode === 'exact') {
      const wanted = caseSensitive ? terms : terms.map((term) => term.toLowerCase());
      // lower(primary_email) is what the tenant's unique email index holds: exact email look-ups use it.
      return or(...columns.map((column) => (caseSensitive ? inArray(column, wanted) : inArray(sql`lower(${column})`, wanted))));
    }
    if (terms.length > 1) throw invalid('Only `exact` mode takes several values for one field.');
    const pattern = likePattern(stripWrapper(terms[0]!));
    return or(...columns.map((column) => (caseSensitive ? like(column, pattern) : ilike(column, pattern))));
  });
  return joint === 'and' ? and(...conditions) : or(...conditions);
}
