import {
  ConnectorError,
  connectorCatalogue,
  connectorFactories,
  createConnector,
  isSocialConnector,
  type Connector,
  type ConnectorFactory,
} from '@idp/connectors';
import { generateId, type Db } from '@idp/db';
import { RequestError, type ErrorCode } from '@idp/errors';
import {
  connectors,
  signInExperiences,
  type Connector as ConnectorRow,
  type ConnectorFactoryResponse,
  type ConnectorMetadata,
  type ConnectorResponse,
  type CreateConnectorBody,
  type JsonObject,
  type UpdateConnectorBody,
} from '@idp/schemas';
import { toRequestError } from '@idp/server-kit';
import { and, asc, eq, sql } from 'drizzle-orm';

// Connectors of a tenant, and what the Management API says about the factories that build them.
// A connector's config holds secrets: it goes to the database and back to Management API holders,
// never into a log line or an error message.

// ---- Factories -------------------------------------------------------------------------------

export const findFactory = (id: string): ConnectorFactory | undefined => connectorFactories.find((factory) => factory.id === id);

export function toFactoryResponse(factory: ConnectorFactory): ConnectorFactoryResponse {
  const { isStandard = false, ...info } = connectorCatalogue[factory.id];
  return {
    ...info,
    id: factory.id,
    type: factory.type,
    logoDark: null,
    platform: factory.type === 'Social' ? 'Universal' : null,
    isStandard,
    isDemo: false,
    isTokenStorageSupported: false,
    isDevelopment: factory.development,
  };
}

export const isStandardFactory = (factory: ConnectorFactory) => connectorCatalogue[factory.id].isStandard === true;

// ---- Configs and errors ----------------------------------------------------------------------

const passedThrough = new Set<ErrorCode>([
  'connector.general',
  'connector.not_found',
  'connector.invalid_config',
  'connector.invalid_request_parameters',
  'connector.invalid_response',
  'connector.template_not_found',
]);

/**
 * A connector's failure as an API error. Connector messages and data are written to be shown (they
 * name config paths and server replies, never config values); anything else gets a fixed message
 * and is not attached, so no library's error text can carry a secret out.
 */
export function toConnectorRequestError(error: unknown, fallbackMessage: string): RequestError {
  if (error instanceof RequestError) return error;
  if (error instanceof ConnectorError) {
    const code: ErrorCode = passedThrough.has(error.code as ErrorCode) ? (error.code as ErrorCode) : 'connector.general';
    return new RequestError(code, { message: error.message, ...(error.data === undefined ? {} : { data: error.data }) });
  }
  return new RequestError('connector.general', { message: fallbackMessage });
}

/** Builds the connector a config describes, or fails with 400 `connector.invalid_config`. */
export function buildConnector(factory: ConnectorFactory, config: JsonObject): Connector {
  try {
    return createConnector(factory.id, config);
  } catch (error) {
    throw toConnectorRequestError(error, 'The connector config is invalid.');
  }
}

/** The identity namespace of a social connector, from its config (the one the Experience API uses). */
function socialTarget(row: ConnectorRow, factory: ConnectorFactory): string {
  try {
    const connector = createConnector(factory.id, row.config);
    if (isSocialConnector(connector)) return connector.target;
  } catch {
    // A stored config that no longer validates: fall back to what the row's metadata says.
  }
  const { target } = readMetadata(row.metadata);
  return target ?? connectorCatalogue[factory.id].target;
}

const targetOf = (row: ConnectorRow, factory: ConnectorFactory) =>
  factory.type === 'Social' ? socialTarget(row, factory) : connectorCatalogue[factory.id].target;

/**
 * Logto's standard connectors take their target from `metadata.target`; this platform's OIDC
 * connector reads it from its config. A target given in the metadata is therefore copied into a
 * config that has none, and must agree with one that has.
 */
function withMetadataTarget(config: JsonObject, metadata: ConnectorMetadata): JsonObject {
  if (metadata.target === undefined) return config;
  const current = config.target;
  if (current === undefined || current === null || current === '') return { ...config, target: metadata.target };
  if (current !== metadata.target) {
    throw new RequestError('guard.invalid_input', {
      message: '`metadata.target` and `config.target` differ; set one of them, or both to the same value.',
      data: { field: 'metadata.target' },
    });
  }
  return config;
}

function readMetadata(value: JsonObject): ConnectorMetadata {
  const metadata: ConnectorMetadata = {};
  if (typeof value.target === 'string') metadata.target = value.target;
  if (typeof value.logo === 'string') metadata.logo = value.logo;
  if (typeof value.logoDark === 'string' || value.logoDark === null) metadata.logoDark = value.logoDark;
  if (typeof value.name === 'object' && value.name !== null && !Array.isArray(value.name)) {
    metadata.name = Object.fromEntries(Object.entries(value.name).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
  }
  return metadata;
}

export function toConnectorResponse(row: ConnectorRow, factory: ConnectorFactory): ConnectorResponse {
  const base = toFactoryResponse(factory);
  const metadata = readMetadata(row.metadata);
  return {
    ...base,
    id: row.id,
    connectorId: row.connectorId,
    target: targetOf(row, factory),
    name: metadata.name ? { ...base.name, ...metadata.name } : base.name,
    logo: metadata.logo ?? base.logo,
    logoDark: metadata.logoDark === undefined ? base.logoDark : metadata.logoDark,
    syncProfile: row.syncProfile,
    enableTokenStorage: false,
    config: row.config,
    metadata,
  };
}

// ---- Rows ------------------------------------------------------------------------------------

/**
 * Writes carry the config as query parameters, and the query builder puts its parameters into its
 * error message, which the error handler would log. Known conditions (a taken id, the database being
 * away) keep their API error; anything else is replaced by an error naming only the database code.
 */
async function withoutParameters<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    const known = toRequestError(error as Error);
    if (known) throw known;
    const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
    throw new Error(`Writing a connector failed (database code ${String(cause?.code ?? 'unknown')}).`);
  }
}

export type ConnectorWithFactory = { row: ConnectorRow; factory: ConnectorFactory };

const byId = (tenantId: string, id: string) => and(eq(connectors.tenantId, tenantId), eq(connectors.id, id));

/** The tenant's connectors whose factory this build knows (others are invisible, as in Logto). */
export async function listConnectors(db: Db, tenantId: string): Promise<ConnectorWithFactory[]> {
  const rows = await db.select().from(connectors).where(eq(connectors.tenantId, tenantId)).orderBy(asc(connectors.createdAt), asc(connectors.id));
  return rows.flatMap((row) => {
    const factory = findFactory(row.connectorId);
    return factory ? [{ row, factory }] : [];
  });
}

export async function findConnector(db: Db, tenantId: string, id: string): Promise<ConnectorWithFactory> {
  const [row] = await db.select().from(connectors).where(byId(tenantId, id));
  const factory = row && findFactory(row.connectorId);
  if (!row || !factory) {
    throw new RequestError('entity.not_found', { message: `The connector with id \`${id}\` does not exist.`, data: { id } });
  }
  return { row, factory };
}

function assertNoTokenStorage(enableTokenStorage: boolean | undefined): void {
  if (enableTokenStorage) {
    throw new RequestError('guard.invalid_input', { message: 'Storing social tokens is not supported.', data: { field: 'enableTokenStorage' } });
  }
}

function assertMetadataAndSync(factory: ConnectorFactory, metadata: ConnectorMetadata | undefined, syncProfile: boolean | undefined): void {
  if (metadata !== undefined && !isStandardFactory(factory)) {
    throw new RequestError('connector.cannot_overwrite_metadata_for_non_standard_connector');
  }
  if (syncProfile && factory.type !== 'Social') throw new RequestError('connector.invalid_type_for_syncing_profile');
}

/**
 * Adds a connector. A tenant has at most one Email and one Sms connector: where Logto silently
 * deletes the previous one, this refuses with 422 (delete the old connector first), so an API call
 * can never drop a working configuration. Social connectors may be several, each with its own target.
 */
export async function createTenantConnector(db: Db, tenantId: string, body: CreateConnectorBody): Promise<ConnectorWithFactory> {
  const factory = findFactory(body.connectorId);
  if (!factory) {
    throw new RequestError('connector.not_found_with_connector_id', {
      message: `There is no connector factory with id \`${body.connectorId}\`.`,
      data: { connectorId: body.connectorId },
    });
  }
  assertNoTokenStorage(body.enableTokenStorage);
  assertMetadataAndSync(factory, body.metadata, body.syncProfile);
  const metadata = body.metadata ?? {};
  const config = withMetadataTarget(body.config ?? {}, metadata);
  const connector = buildConnector(factory, config);

  return withoutParameters(() =>
    db.transaction(async (tx) => {
      // One writer per tenant at a time, so two concurrent requests cannot both pass the checks below.
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`connectors:${tenantId}`}))`);
      const rows = await tx.select().from(connectors).where(eq(connectors.tenantId, tenantId));
      for (const row of rows) {
        const existing = findFactory(row.connectorId);
        if (!existing || existing.type !== factory.type) continue;
        if (factory.type !== 'Social') {
          throw new RequestError('connector.multiple_instances_not_supported', {
            message: `The tenant already has an ${factory.type} connector (\`${row.id}\`); delete it before adding another.`,
            data: { connectorId: row.id, type: factory.type },
          });
        }
        if (isSocialConnector(connector) && socialTarget(row, existing) === connector.target) {
          throw new RequestError('connector.multiple_target_with_same_platform', {
            message: `The social connector \`${row.id}\` already uses the target \`${connector.target}\`.`,
            data: { connectorId: row.id, target: connector.target },
          });
        }
      }
      const [row] = await tx
        .insert(connectors)
        .values({ tenantId, id: body.id ?? generateId(), connectorId: factory.id, config, metadata, syncProfile: body.syncProfile ?? false })
        .returning();
      return { row: row!, factory };
    }),
  );
}

/**
 * Changes a connector. As in Logto, a given `config` or `metadata` replaces the stored one whole
 * (so an optional key can be removed) and is validated before anything is written.
 */
export async function updateTenantConnector(db: Db, tenantId: string, id: string, body: UpdateConnectorBody): Promise<ConnectorWithFactory> {
  const { row, factory } = await findConnector(db, tenantId, id);
  assertNoTokenStorage(body.enableTokenStorage);
  assertMetadataAndSync(factory, body.metadata, body.syncProfile);
  // Users' identities are stored under a social connector's target: changing it would orphan them.
  const target = targetOf(row, factory);
  const cannotModifyTarget = () => new RequestError('connector.can_not_modify_target', { data: { target } });
  if (body.metadata?.target !== undefined && body.metadata.target !== target) throw cannotModifyTarget();
  const configTarget = body.config?.target;
  if (factory.type === 'Social' && typeof configTarget === 'string' && configTarget !== '' && configTarget !== target) throw cannotModifyTarget();
  const metadata = body.metadata ?? readMetadata(row.metadata);
  const config = withMetadataTarget(body.config ?? row.config, metadata);
  const connector = buildConnector(factory, config);
  if (isSocialConnector(connector) && connector.target !== target) throw cannotModifyTarget();
  const [updated] = await withoutParameters(() =>
    db
      .update(connectors)
      .set({ config, metadata, ...(body.syncProfile === undefined ? {} : { syncProfile: body.syncProfile }) })
      .where(byId(tenantId, id))
      .returning(),
  );
  if (!updated) throw new RequestError('entity.not_found', { data: { id } });
  return { row: updated, factory };
}

/** Deletes a connector; a social one's target also leaves the sign-in experience (as in Logto). */
export async function deleteTenantConnector(db: Db, tenantId: string, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    const [deleted] = await tx.delete(connectors).where(byId(tenantId, id)).returning();
    if (!deleted) {
      throw new RequestError('entity.not_exists_with_id', { message: `The connector with id \`${id}\` does not exist.`, data: { id } });
    }
    if (findFactory(deleted.connectorId)?.type !== 'Social') return;
    const remaining = await tx.select().from(connectors).where(eq(connectors.tenantId, tenantId));
    const targets = new Set(
      remaining.flatMap((row) => {
        const factory = findFactory(row.connectorId);
        return factory?.type === 'Social' ? [socialTarget(row, factory)] : [];
      }),
    );
    const experiences = await tx
      .select({ id: signInExperiences.id, targets: signInExperiences.socialSignInConnectorTargets })
      .from(signInExperiences)
      .where(eq(signInExperiences.tenantId, tenantId));
    for (const experience of experiences) {
      const kept = experience.targets.filter((target) => targets.has(target));
      if (kept.length === experience.targets.length) continue;
      await tx
        .update(signInExperiences)
        .set({ socialSignInConnectorTargets: kept })
        .where(and(eq(signInExperiences.tenantId, tenantId), eq(signInExperiences.id, experience.id)));
    }
  });
}
