export {
  ConnectorError,
  connectorErrorCodes,
  isOutboundRefusal,
  messageTypes,
  type AuthorizationUriParams,
  type Connector,
  type ConnectorContext,
  type ConnectorErrorCode,
  type Message,
  type MessageConnector,
  type MessagePayload,
  type MessageType,
  type SocialConnector,
  type SocialUserInfo,
  type UserInfoParams,
} from './types.ts';
export {
  availableConnectorFactories,
  connectorFactories,
  connectorFactoryIds,
  createConnector,
  isConnectorFactoryId,
  isMessageConnector,
  isSocialConnector,
  mockConnectorsEnabled,
  type ConnectorFactory,
  type ConnectorFactoryId,
} from './registry.ts';
export type { SmtpConfig, SmtpTemplate } from './smtp.ts';
export type { HttpSmsConfig } from './http-sms.ts';
export {
  mockConnectorFilePaths,
  mockRecordPath,
  mockSocialAuthorizationEndpoint,
  type MockEmailRecord,
  type MockEmailTemplate,
  type MockMessageConfig,
  type MockSmsRecord,
  type MockSmsTemplate,
} from './mock.ts';
export { clearOidcCaches, type OidcConfig, type TokenEndpointAuthMethod } from './oidc.ts';
export { connectorCatalogue, type ConnectorCatalogueEntry, type ConnectorFormItem } from './catalogue/index.ts';
export {
  createMessageSender,
  type MessageKind,
  type MessageSender,
  type MessageSenderDeps,
  type MessageSenderLog,
  type OutgoingMessage,
  type StoredConnector,
} from './message-sender.ts';
export {
  finishSocialSession,
  matchesSocialSession,
  socialConnectorOf,
  socialFailureMessage,
  startSocialSession,
  type SocialSession,
  type VerifiedSocialUser,
} from './social-session.ts';
