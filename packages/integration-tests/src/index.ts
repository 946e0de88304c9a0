// Everything of @idp/test-stack, with the stack starters bound to the whole stack.
export * from '@idp/test-stack';
export { startManagementTest, startTestStack, type ManagementTest, type TestStack } from './test-stack.ts';
export { ExperienceFlow } from './experience-flow.ts';
export { artifactsDir, launchBrowser, saveScreenshot } from './browser.ts';
export { SoftwareAuthenticator } from './software-authenticator.ts';
export { startMailCatcher, type CaughtMail, type MailCatcher } from './mail-catcher.ts';
export { startSmsReceiver, type ReceivedText, type SmsReceiver } from './sms-receiver.ts';
export { createLogtoNodeClient, type LogtoNodeConfig } from './logto-node-client.ts';
