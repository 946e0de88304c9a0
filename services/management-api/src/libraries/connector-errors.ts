// Connector failures as API errors, without letting a config value (a secret) into a message.
import {
  ConnectorError,
  connectorErrorCodes,
  createConnector,
  type Connector,
  type ConnectorContext,
  type ConnectorFactory,
} from '@idp/connectors';
import { errorCatalogue, RequestError, type ErrorCode } from '@idp/errors';
import { publicOnly } from '@idp/outbound';
import type { JsonObject } from '@idp/schemas';
import { toRequestError } from '@idp/server-kit';

// A connector's code reaches the client as it is when our catalogue has it (and so a status for it);
// the others (Logto's social sign-in codes) become connector.general.
const passedThrough = new Set<string>(connectorErrorCodes.filter((code) => code in errorCatalogue));

/**
 * A connector's failure as an API error. Connector messages and data are written to be shown (they
 * name config paths and server replies, never config values); anything else gets a fixed message
 * and is not attached, so no library's error text can carry a secret out.
 */
export function toConnectorRequestError(error: unknown, fallbackMessage: string): RequestError {
  if (error instanceof RequestError) return error;
  if (error instanceof ConnectorError) {
    const code: ErrorCode = passedThrough.has(error.code) ? (error.code as ErrorCode) : 'connector.general';
    return new RequestError(code, { message: error.message, ...(error.data === undefined ? {} : { data: error.data }) });
  }
  return new RequestError('connector.general', { message: fallbackMessage });
}

const builtToCheckOnly = () => Promise.reject(new Error('This connector was built to check its config, not to reach its provider.'));

/**
 * For connectors built only to validate a config or read its target: they must not reach out, and
 * this context makes any attempt fail instead of bypassing the deployment's outbound guard.
 */
export const configCheckOnly: ConnectorContext = { outbound: { policy: publicOnly, fetch: builtToCheckOnly, resolve: builtToCheckOnly } };

/**
 * Builds the connector a config describes, or fails with 400 `connector.invalid_config`. Pass the
 * service's outbound context when the connector is going to send or sign in.
 */
export function buildConnector(factory: ConnectorFactory, config: JsonObject, context: ConnectorContext = configCheckOnly): Connector {
  try {
    return createConnector(factory.id, config, context);
  } catch (error) {
    throw toConnectorRequestError(error, 'The connector config is invalid.');
  }
}

/**
 * Writes carry the config as query parameters, and the query builder puts its parameters into its
 * error message, which the error handler would log. Known conditions (a taken id, the database being
 * away) keep their API error; anything else is replaced by an error naming only the database code.
 */
export async function withoutParameters<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    const known = toRequestError(error as Error);
    if (known) throw known;
    const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
    throw new Error(`Writing a connector failed (database code ${String(cause?.code ?? 'unknown')}).`);
  }
}
