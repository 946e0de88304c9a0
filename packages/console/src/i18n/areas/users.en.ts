// English phrases of the console's users pages (nested under `users`).
export const usersEn = {};
