export * from './tables/index.ts';
export * from './json/index.ts';
export * from './api/index.ts';
export * from './api/experience/index.ts';
