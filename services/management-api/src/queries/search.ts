// Search terms are data: LIKE's own wildcards in them are escaped, and the pattern goes to
// PostgreSQL as a bound parameter, never as SQL text.
//
// Logto's clients send a keyword as `%word%` (Logto hands the value to LIKE as it is). A term here
// always means "contains", so a `%` at both ends is read as that wrapper and dropped. Any other `%`
// is data (`50%` finds "50%", not "500"); a term made of nothing else (`%`, `%%`) is taken as written.
const unwrap = (term: string) => (term.length > 2 && term.startsWith('%') && term.endsWith('%') ? term.slice(1, -1) : term);

export const likePattern = (term: string) => `%${unwrap(term).replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
