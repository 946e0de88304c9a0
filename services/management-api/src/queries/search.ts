// Search terms are data: LIKE's own wildcards in them are escaped, and the pattern goes to
// PostgreSQL as a bound parameter, never as SQL text.
export const likePattern = (term: string) => `%${term.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
