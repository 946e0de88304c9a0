// The contract between connectors and the services that use them. Connectors know nothing about
// tenants, the database or HTTP error shapes: they take a parsed config and either do their job or
// throw a ConnectorError, which the calling service maps to its own error type.
import { OutboundRefusedError, type Outbound } from '@idp/outbound';

/**
 * What a verification message is for. Template-based connectors pick the template whose
 * `usageType` equals this value, falling back to `Generic`. The values are Logto's template types,
 * so connector configs written for Logto keep their meaning here.
 */
export const messageTypes = [
  'SignIn',
  'Register',
  'ForgotPassword',
  'Generic',
  'OrganizationInvitation',
  'UserPermissionValidation',
  'BindNewIdentifier',
  'MfaVerification',
  'BindMfa',
] as const;
export type MessageType = (typeof messageTypes)[number];

export type MessagePayload = {
  /** The one-time code the user has to type back. */
  code: string;
  /** The end user's UI locale, for connectors that localise their messages. */
  locale?: string;
  /** A link for the user to follow, e.g. an organization invitation's (Logto's `{{link}}`). */
  link?: string;
  /**
   * Any other string variable the caller's template names (Logto passes the Management API's
   * `messagePayload` through as is); templates read them as `{{key}}` placeholders.
   */
  [key: string]: string | undefined;
};

export type Message = {
  /** An email address for Email connectors, a phone number for Sms connectors. */
  to: string;
  type: MessageType;
  payload: MessagePayload;
};

export type MessageConnector = {
  readonly factoryId: string;
  readonly type: 'Email' | 'Sms';
  send(message: Message): Promise<void>;
};

export type AuthorizationUriParams = {
  state: string;
  redirectUri: string;
  /** Bound into the ID token by the provider; pass the same value to getUserInfo. */
  nonce?: string;
  /**
   * PKCE: when given, the connector adds the S256 challenge of this verifier to the request. The
   * caller keeps the verifier (e.g. in its verification record) and passes it to getUserInfo, so
   * the connector itself stays stateless.
   */
  codeVerifier?: string;
};

export type UserInfoParams = {
  code: string;
  /** Must equal the redirectUri used to build the authorization URI. */
  redirectUri: string;
  nonce?: string;
  codeVerifier?: string;
  /**
   * Everything the provider's callback gave (`code` and `state` included), for connectors that read
   * more than the code (the mock social connector takes the user from it).
   */
  connectorData?: Record<string, unknown>;
};

export type SocialUserInfo = {
  /** The provider's stable subject identifier for the user. */
  id: string;
  email?: string;
  emailVerified?: boolean;
  phone?: string;
  name?: string;
  avatar?: string;
  /** Every claim the provider returned (never tokens), for profile sync and custom mapping. */
  rawData: Record<string, unknown>;
};

export type SocialConnector = {
  readonly factoryId: string;
  /** Logto's connector type, so a union of connectors can be told apart by `type`. */
  readonly type: 'Social';
  /** The identity namespace: users' social identities are stored under this key. */
  readonly target: string;
  getAuthorizationUri(params: AuthorizationUriParams): Promise<string>;
  getUserInfo(data: UserInfoParams): Promise<SocialUserInfo>;
};

export type Connector = MessageConnector | SocialConnector;

/**
 * What a connector is given besides its config: the deployment's guarded way to reach other hosts.
 * Required, so no service can build a connector that bypasses the outbound allow-list.
 */
export type ConnectorContext = { outbound: Outbound };

/**
 * Logto's connector error codes (prefixed with `connector.` as in Logto's API errors), limited to
 * the ones these connectors can raise.
 */
export const connectorErrorCodes = [
  'connector.general',
  'connector.not_found',
  'connector.invalid_config',
  'connector.invalid_request_parameters',
  'connector.invalid_response',
  'connector.template_not_found',
  'connector.authorization_failed',
  'connector.social_auth_code_invalid',
  'connector.social_invalid_id_token',
] as const;
export type ConnectorErrorCode = (typeof connectorErrorCodes)[number];

/**
 * The one error connectors throw. Messages are written for operators and never contain secrets
 * (passwords, client secrets, tokens): the calling service may return them to clients or log them.
 * Original errors from libraries are deliberately not attached as `cause` where they could carry
 * credentials; what is useful from them is copied into `data`.
 */
export class ConnectorError extends Error {
  readonly code: ConnectorErrorCode;
  readonly data?: Record<string, unknown>;

  constructor(code: ConnectorErrorCode, message: string, options: { data?: Record<string, unknown>; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ConnectorError';
    this.code = code;
    if (options.data !== undefined) this.data = options.data;
  }
}

/**
 * The ConnectorError for a failed network call: a refusal by the outbound guard says why (for the
 * administrator; `data.outboundRefused` lets a service hide it from anonymous visitors), anything
 * else says what could not be reached with the reason `describe` makes safe to show.
 */
export function networkError(what: string, error: unknown, describe: (message: string) => string = (m) => m): ConnectorError {
  if (error instanceof OutboundRefusedError) {
    return new ConnectorError('connector.general', `${what} is not allowed: ${error.message}.`, { data: { outboundRefused: true } });
  }
  const reason = error instanceof Error ? describe(error.message) : 'unknown error';
  return new ConnectorError('connector.general', `${what} could not be reached: ${reason}`);
}

/** Whether a connector failed because the outbound guard refused the address it was configured with. */
export function isOutboundRefusal(error: unknown): boolean {
  return error instanceof ConnectorError && error.data?.outboundRefused === true;
}
