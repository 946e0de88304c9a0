// Management API shapes of /api/connectors and /api/connector-factories, as Logto's clients send
// and read them. A connector's `config` holds secrets (passwords, client secrets): it is returned to
// Management API holders, as Logto does, and must never be logged.
import { Type, type Static } from 'typebox';
import { JsonObjectSchema } from '../json/common.ts';
import { closedObject, PathIdSchema } from './common.ts';

export const ConnectorTypeSchema = Type.Union([Type.Literal('Email'), Type.Literal('Sms'), Type.Literal('Social')]);
export type ConnectorType = Static<typeof ConnectorTypeSchema>;

export const ConnectorPlatformSchema = Type.Union([Type.Literal('Native'), Type.Literal('Universal'), Type.Literal('Web'), Type.Null()]);

/** Text in several languages, keyed by language tag; `en` is always present in what we answer. */
export const I18nTextSchema = Type.Record(Type.String(), Type.String());

/** One field of the form the console renders to edit a connector's config. */
export const ConnectorFormItemSchema = Type.Object({
  type: Type.String({ description: 'Text, Number, MultilineText, Switch, Json, Select or MultiSelect.' }),
  key: Type.String(),
  label: Type.String(),
  placeholder: Type.Optional(Type.String()),
  required: Type.Optional(Type.Boolean()),
  defaultValue: Type.Optional(Type.Unknown()),
  description: Type.Optional(Type.String()),
  tooltip: Type.Optional(Type.String()),
  isConfidential: Type.Optional(Type.Boolean()),
  selectItems: Type.Optional(Type.Array(Type.Object({ value: Type.String(), title: Type.Optional(Type.String()) }))),
});
export type ConnectorFormItem = Static<typeof ConnectorFormItemSchema>;

/** What a connector factory (a kind of connector this platform can build) says about itself. */
export const ConnectorFactoryResponseSchema = Type.Object({
  id: Type.String(),
  type: ConnectorTypeSchema,
  target: Type.String(),
  name: I18nTextSchema,
  description: I18nTextSchema,
  logo: Type.String(),
  logoDark: Type.Union([Type.String(), Type.Null()]),
  readme: Type.String(),
  configTemplate: Type.Optional(Type.String({ description: 'An example config, as JSON text.' })),
  formItems: Type.Optional(Type.Array(ConnectorFormItemSchema)),
  platform: ConnectorPlatformSchema,
  isStandard: Type.Boolean({ description: 'Standard protocols (OIDC) may be added several times, each with its own target.' }),
  isDemo: Type.Boolean(),
  isTokenStorageSupported: Type.Boolean(),
  isDevelopment: Type.Boolean({ description: 'Meant for local development and tests only (writes messages to files).' }),
});
export type ConnectorFactoryResponse = Static<typeof ConnectorFactoryResponseSchema>;

/** Overrides of the factory's metadata, stored with the connector. */
export const ConnectorMetadataSchema = closedObject({
  target: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
  name: Type.Optional(Type.Record(Type.String({ maxLength: 16 }), Type.String({ maxLength: 256 }), { maxProperties: 50 })),
  logo: Type.Optional(Type.String({ maxLength: 2048 })),
  logoDark: Type.Optional(Type.Union([Type.String({ maxLength: 2048 }), Type.Null()])),
});
export type ConnectorMetadata = Static<typeof ConnectorMetadataSchema>;

/** A configured connector: the row's fields over its factory's metadata. */
export const ConnectorResponseSchema = Type.Object({
  ...ConnectorFactoryResponseSchema.properties,
  id: Type.String({ description: 'The connector id (the factory id is `connectorId`).' }),
  connectorId: Type.String({ description: 'The id of the factory that builds this connector.' }),
  syncProfile: Type.Boolean(),
  enableTokenStorage: Type.Boolean(),
  config: JsonObjectSchema,
  metadata: ConnectorMetadataSchema,
});
export type ConnectorResponse = Static<typeof ConnectorResponseSchema>;

const ConnectorConfigSchema = Type.Record(Type.String(), Type.Unknown(), { maxProperties: 100 });

export const CreateConnectorBodySchema = closedObject({
  connectorId: Type.String({ minLength: 1, maxLength: 128, description: 'The factory id.' }),
  config: Type.Optional(ConnectorConfigSchema),
  metadata: Type.Optional(ConnectorMetadataSchema),
  syncProfile: Type.Optional(Type.Boolean()),
  /** Logto's flag for storing social tokens; not supported here, so only `false` is accepted. */
  enableTokenStorage: Type.Optional(Type.Boolean()),
  id: Type.Optional(Type.String({ minLength: 1, maxLength: 21, pattern: '^[A-Za-z0-9_-]+$' })),
});
export type CreateConnectorBody = Static<typeof CreateConnectorBodySchema>;

export const UpdateConnectorBodySchema = closedObject({
  config: Type.Optional(ConnectorConfigSchema),
  metadata: Type.Optional(ConnectorMetadataSchema),
  syncProfile: Type.Optional(Type.Boolean()),
  enableTokenStorage: Type.Optional(Type.Boolean()),
});
export type UpdateConnectorBody = Static<typeof UpdateConnectorBodySchema>;

/** POST /api/connectors/:factoryId/test: where to send a test message, with the config to try. */
export const TestConnectorBodySchema = closedObject({
  phone: Type.Optional(Type.String({ pattern: '^\\+?[0-9]{4,20}$', description: 'Sent to by SMS; wins over `email`.' })),
  email: Type.Optional(Type.String({ maxLength: 256, pattern: '^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$' })),
  config: ConnectorConfigSchema,
  locale: Type.Optional(Type.String({ maxLength: 32 })),
});
export type TestConnectorBody = Static<typeof TestConnectorBodySchema>;

export const ConnectorFactoryIdParamsSchema = Type.Object({ factoryId: Type.String({ minLength: 1, maxLength: 128 }) });
export const ConnectorFactoryParamsSchema = Type.Object({ id: Type.String({ minLength: 1, maxLength: 128 }) });
export const ConnectorListQuerySchema = Type.Object({ target: Type.Optional(Type.String({ maxLength: 128 })) });

export const ConnectorIdParamsSchema = Type.Object({ connectorId: PathIdSchema });

/** POST /api/connectors/:connectorId/authorization-uri: where to send a browser to sign in at the provider. */
export const ConnectorAuthorizationUriBodySchema = closedObject({
  state: Type.String({ minLength: 1, maxLength: 512 }),
  redirectUri: Type.String({ minLength: 1, maxLength: 2048, pattern: '^[Hh][Tt][Tt][Pp][Ss]?://' }),
});
export type ConnectorAuthorizationUriBody = Static<typeof ConnectorAuthorizationUriBodySchema>;
export const ConnectorAuthorizationUriResponseSchema = Type.Object({ redirectTo: Type.String() });
