// The rules of a tenant's connectors: one Email and one Sms connector at most, social connectors
// each with their own target (which never changes once users' identities are stored under it), and
// configs validated by the factory before anything is written.
import { isSocialConnector, type ConnectorFactory } from '@idp/connectors';
import type { Db } from '@idp/db';
import { entityNotFound, notFound, RequestError } from '@idp/errors';
import type { Connector as ConnectorRow, ConnectorMetadata, CreateConnectorBody, JsonObject, UpdateConnectorBody } from '@idp/schemas';
import * as connectorQueries from '../queries/connectors.ts';
import { lockForTransaction } from '../queries/locks.ts';
import { keepOnlySocialTargets } from '../queries/sign-in-experiences.ts';
import { buildConnector, withoutParameters } from './connector-errors.ts';
import { findFactory, isStandardFactory, readMetadata, socialTarget, targetOf } from './connector-responses.ts';

export type ConnectorWithFactory = { row: ConnectorRow; factory: ConnectorFactory };

const withFactories = (rows: ConnectorRow[]): ConnectorWithFactory[] =>
  rows.flatMap((row) => {
    const factory = findFactory(row.connectorId);
    return factory ? [{ row, factory }] : [];
  });

/** The tenant's connectors whose factory this build knows (others are invisible, as in Logto). */
export async function listConnectors(db: Db, tenantId: string): Promise<ConnectorWithFactory[]> {
  return withFactories(await connectorQueries.findConnectorRows(db, tenantId));
}

const connectorNotFound = (id: string) => notFound(`The connector with id \`${id}\` does not exist.`, { id });

export async function findConnector(db: Db, tenantId: string, id: string): Promise<ConnectorWithFactory> {
  const row = await connectorQueries.findConnectorRow(db, tenantId, id);
  const factory = row && findFactory(row.connectorId);
  if (!row || !factory) throw connectorNotFound(id);
  return { row, factory };
}

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

function assertNoTokenStorage(enableTokenStorage: boolean | undefined): void {
  if (enableTokenStorage) {
    throw new RequestError('guard.invalid_input', {
      message: 'Storing social tokens is not supported.',
      data: { field: 'enableTokenStorage' },
    });
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
export async function createConnector(db: Db, tenantId: string, body: CreateConnectorBody): Promise<ConnectorWithFactory> {
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
      await lockForTransaction(tx, `connectors:${tenantId}`);
      for (const { row, factory: existing } of withFactories(await connectorQueries.findConnectorRows(tx, tenantId))) {
        if (existing.type !== factory.type) continue;
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
      const row = await connectorQueries.insertConnector(tx, {
        tenantId,
        id: body.id,
        connectorId: factory.id,
        config,
        metadata,
        syncProfile: body.syncProfile ?? false,
      });
      return { row, factory };
    }),
  );
}

/**
 * Changes a connector. As in Logto, a given `config` or `metadata` replaces the stored one whole
 * (so an optional key can be removed) and is validated before anything is written.
 */
export async function updateConnector(db: Db, tenantId: string, id: string, body: UpdateConnectorBody): Promise<ConnectorWithFactory> {
  const { row, factory } = await findConnector(db, tenantId, id);
  assertNoTokenStorage(body.enableTokenStorage);
  assertMetadataAndSync(factory, body.metadata, body.syncProfile);
  // Users' identities are stored under a social connector's target: changing it would orphan them.
  const target = targetOf(row, factory);
  const cannotModifyTarget = () => new RequestError('connector.can_not_modify_target', { data: { target } });
  if (body.metadata?.target !== undefined && body.metadata.target !== target) throw cannotModifyTarget();
  const configTarget = body.config?.target;
  if (factory.type === 'Social' && typeof configTarget === 'string' && configTarget !== '' && configTarget !== target)
    throw cannotModifyTarget();
  const metadata = body.metadata ?? readMetadata(row.metadata);
  const config = withMetadataTarget(body.config ?? row.config, metadata);
  const connector = buildConnector(factory, config);
  if (isSocialConnector(connector) && connector.target !== target) throw cannotModifyTarget();
  const updated = await withoutParameters(() =>
    connectorQueries.updateConnector(db, tenantId, id, {
      config,
      metadata,
      ...(body.syncProfile === undefined ? {} : { syncProfile: body.syncProfile }),
    }),
  );
  if (!updated) throw connectorNotFound(id);
  return { row: updated, factory };
}

/** Deletes a connector; a social one's target also leaves the sign-in experience (as in Logto). */
export async function deleteConnector(db: Db, tenantId: string, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    const deleted = await connectorQueries.deleteConnector(tx, tenantId, id);
    if (!deleted) throw entityNotFound('connector', id);
    if (findFactory(deleted.connectorId)?.type !== 'Social') return;
    const remaining = withFactories(await connectorQueries.findConnectorRows(tx, tenantId));
    const targets = new Set(
      remaining.filter(({ factory }) => factory.type === 'Social').map(({ row, factory }) => socialTarget(row, factory)),
    );
    await keepOnlySocialTargets(tx, tenantId, targets);
  });
}
