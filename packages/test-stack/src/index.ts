export { BrowserSession } from './browser-session.ts';
export * from './rp.ts';
export { createFixtureFrontends, type FrontendDists } from './fixture-frontends.ts';
export * from './fixtures.ts';
export {
  absentServiceUrl,
  stackMode,
  startTestStack,
  type AnyTestStack,
  type GatewayModule,
  type ServiceBuilders,
  type ServiceName,
  type StackGatewayConfig,
  type StackMode,
  type StackOptions,
  type TestStack,
} from './test-stack.ts';
export * from './management-client.ts';
