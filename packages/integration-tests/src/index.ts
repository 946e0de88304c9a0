export { createFixtureFrontends, type FrontendDists } from './fixture-frontends.ts';
export { startTestStack, type TestStack } from './test-stack.ts';
