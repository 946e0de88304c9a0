export { BrowserSession } from './browser-session.ts';
export * from './rp.ts';
export { createFixtureFrontends, type FrontendDists } from './fixture-frontends.ts';
export * from './fixtures.ts';
export { startTestStack, type TestStack } from './test-stack.ts';
export * from './management-client.ts';
export { ExperienceFlow } from './experience-flow.ts';
export { artifactsDir, launchBrowser, saveScreenshot } from './browser.ts';
export { SoftwareAuthenticator } from './software-authenticator.ts';
