export * from './application.ts';
export * from './common.ts';
export * from './sign-in-experience.ts';
export * from './user.ts';
