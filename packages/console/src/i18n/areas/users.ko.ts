import type { usersEn } from './users.en.ts';

// Korean phrases of the console's users pages: the same keys as English.
export const usersKo: typeof usersEn = {};
