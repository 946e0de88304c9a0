import { Agent, fetch } from 'undici';

/**
 * How the gateway's own calls to the oidc service (the document cache, automatic consent) reach it:
 * through its Unix socket when it has one on this host (OIDC_SOCKET, the first instance), as the
 * proxied requests do, else over its URL.
 */
export function createOidcFetch(socketPath: string | undefined): { fetch: typeof fetch; close(): Promise<void> } {
  if (!socketPath) return { fetch, close: async () => {} };
  const dispatcher = new Agent({ connect: { socketPath } });
  return {
    fetch: (input, init) => fetch(input, { ...init, dispatcher }),
    close: () => dispatcher.close(),
  };
}
