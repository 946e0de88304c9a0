// SMS through an HTTP endpoint the operator runs (or a provider's webhook-style API): the connector
// POSTs `{ to, type, payload }` as JSON and treats any 2xx as delivered. This keeps SMS vendors out of
// this package: an adapter service translates to the vendor's API.
import { readConfig } from './config.ts';
import { redact } from './redact.ts';
import { ConnectorError, networkError, type ConnectorContext, type Message, type MessageConnector } from './types.ts';

export const httpSmsFactoryId = 'http-sms';

export type HttpSmsConfig = {
  endpoint: string;
  /** Sent verbatim as the Authorization header (e.g. `Bearer …`); a secret. */
  authorization?: string;
};

export function parseHttpSmsConfig(config: unknown): HttpSmsConfig {
  return readConfig(httpSmsFactoryId, config, (r) => {
    const endpoint = r.url('endpoint');
    // fetch refuses URLs with user:pass, and credentials in a URL end up in logs: use `authorization`.
    if (endpoint !== '') {
      const url = new URL(endpoint);
      if (url.username !== '' || url.password !== '') {
        r.addIssue('endpoint', 'must not contain credentials; set `authorization` instead');
      }
    }
    const authorization = r.optionalString('authorization');
    return { endpoint, ...(authorization === undefined ? {} : { authorization }) };
  });
}

export function createHttpSmsConnector(rawConfig: unknown, { outbound }: ConnectorContext): MessageConnector {
  const config = parseHttpSmsConfig(rawConfig);

  const send = async ({ to, type, payload }: Message): Promise<void> => {
    let response: Response;
    try {
      response = await outbound.fetch(config.endpoint, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json',
          ...(config.authorization === undefined ? {} : { authorization: config.authorization }),
        },
        body: JSON.stringify({ to, type, payload }),
        // A redirect would replay the code (and maybe the credential) somewhere not configured.
        redirect: 'error',
        signal: AbortSignal.timeout(10_000),
      });
    } catch (error: unknown) {
      throw networkError('The SMS endpoint', error, (message) => redact(message, [config.authorization]));
    }
    // The body is not used; release the connection either way.
    await response.body?.cancel().catch(() => undefined);
    if (!response.ok) {
      throw new ConnectorError('connector.general', `The SMS endpoint answered HTTP ${response.status}.`, {
        data: { status: response.status },
      });
    }
  };

  return { factoryId: httpSmsFactoryId, type: 'Sms', send };
}
