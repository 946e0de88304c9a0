import { BackendConfigSchema, loadConfig, outboundConfigProperties, userAssetsConfigProperties } from '@idp/config';
import { Type, type Static } from 'typebox';

/** Where protected apps get their hosts unless PROTECTED_APP_DOMAIN says otherwise. */
export const defaultProtectedAppDomain = 'protected.localhost';

export const ManagementApiConfigSchema = Type.Object({
  ...BackendConfigSchema.properties,
  ...outboundConfigProperties,
  ...userAssetsConfigProperties,
  /**
   * Black-box test mode (Logto's convention): a `development-user-id` header stands in for an
   * access token. Never on unless set; the service warns at start-up when it is.
   */
  INTEGRATION_TEST: Type.Boolean({ default: false }),
  /**
   * The domain under which protected apps get their hosts (`<subDomain>.<this>`), lower case. The
   * default is a `.localhost` name (RFC 6761), which never resolves off this machine; set the
   * deployment's own. At most 189 characters, so that a 63-character label still fits a 253-character host.
   */
  PROTECTED_APP_DOMAIN: Type.Optional(
    Type.String({
      default: defaultProtectedAppDomain,
      maxLength: 189,
      pattern: '^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$',
    }),
  ),
});

export type ManagementApiConfig = Static<typeof ManagementApiConfigSchema>;

export const loadManagementApiConfig = (env?: Record<string, string | undefined>) => loadConfig(ManagementApiConfigSchema, env);
