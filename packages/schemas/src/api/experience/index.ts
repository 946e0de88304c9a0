export * from './state.ts';
export * from './api.ts';
export * from './interaction.ts';
export * from './consent.ts';
