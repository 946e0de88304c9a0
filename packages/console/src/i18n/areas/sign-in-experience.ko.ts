import type { signInExperienceEn } from './sign-in-experience.en.ts';

// Korean phrases of the console's sign-in-experience pages: the same keys as English.
export const signInExperienceKo: typeof signInExperienceEn = {};
