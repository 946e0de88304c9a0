// English phrases of the console's sign-in-experience pages (nested under `signInExperience`).
export const signInExperienceEn = {};
