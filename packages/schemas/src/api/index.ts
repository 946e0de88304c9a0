export * from './error.ts';
export * from './sign-in-experience.ts';
export * from './applications.ts';
export * from './roles.ts';
export * from './resources.ts';
export * from './configs.ts';
export * from './custom-phrases.ts';
export * from './logs.ts';
