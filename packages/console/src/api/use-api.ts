import { useLogto } from '@logto/react';
import { useCallback, useMemo } from 'react';
import { useLocation } from 'react-router';
import { adminEndpoint, adminManagementApiIndicator, callbackUrl, managementApiIndicator, meApiIndicator } from '../config.ts';
import { saveReturnTo } from '../auth/return-to.ts';
import { findUserEndpoint } from './endpoint.ts';
import { ApiError, SessionExpiredError } from './errors.ts';

export type Query = Record<string, string | number | boolean | undefined>;
export type Page<T> = { items: T[]; total: number };

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * Which API a call goes to: the managed tenant's Management API (the default), the admin tenant's own
 * (its users are the console's administrators), or the Me API about the signed-in administrator.
 * The last two are served by the admin endpoint, this page's own origin.
 */
export type ApiTarget = 'managed' | 'admin' | 'me';
const targets: Record<ApiTarget, { endpoint: () => Promise<string>; resource: string }> = {
  managed: { endpoint: findUserEndpoint, resource: managementApiIndicator },
  admin: { endpoint: async () => adminEndpoint, resource: adminManagementApiIndicator },
  me: { endpoint: async () => adminEndpoint, resource: meApiIndicator },
};

const withQuery = (path: string, query?: Query) => {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== '') search.append(name, String(value));
  }
  return search.size > 0 ? `${path}?${search}` : path;
};

// One token request at a time: the console's refresh token rotates on use, so two resources
// refreshed at once would spend the same refresh token twice, and the OP then revokes the whole grant.
let tokenQueue: Promise<unknown> = Promise.resolve();
function oneAtATime<T>(task: () => Promise<T>): Promise<T> {
  const run = tokenQueue.then(task, task);
  tokenQueue = run.catch(() => undefined);
  return run;
}

/**
 * The default tenant's Management API (or another target), called with the signed-in administrator's access token. A
 * session that can no longer get a token (or a 401) sends the person to sign in, remembering the page.
 */
export function useApi(target: ApiTarget = 'managed') {
  const { getAccessToken, signIn } = useLogto();
  const location = useLocation();

  const reauthenticate = useCallback(async () => {
    saveReturnTo(`${location.pathname}${location.search}`);
    await signIn(callbackUrl);
  }, [location.pathname, location.search, signIn]);

  const send = useCallback(
    async (method: Method, path: string, options: { query?: Query; body?: unknown } = {}) => {
      const { endpoint: findEndpoint, resource } = targets[target];
      const [endpoint, token] = await Promise.all([findEndpoint(), oneAtATime(() => getAccessToken(resource))]);
      if (!token) {
        await reauthenticate();
        throw new SessionExpiredError();
      }
      const response = await fetch(`${endpoint}${withQuery(path, options.query)}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
      });
      if (response.status === 401) {
        await reauthenticate();
        throw new SessionExpiredError();
      }
      if (!response.ok) {
        const body = (await response.json().catch(() => ({}))) as ConstructorParameters<typeof ApiError>[1];
        throw new ApiError(response.status, body);
      }
      return response;
    },
    [getAccessToken, reauthenticate, target],
  );

  return useMemo(
    () => ({
      get: async <T>(path: string, query?: Query): Promise<T> => (await send('GET', path, { query })).json() as Promise<T>,
      /** A page of a list, with the total the API reports in `Total-Number`. */
      page: async <T>(path: string, query: Query): Promise<Page<T>> => {
        const response = await send('GET', path, { query });
        return { items: (await response.json()) as T[], total: Number(response.headers.get('total-number') ?? 0) };
      },
      post: async <T>(path: string, body?: unknown): Promise<T> => {
        // Some routes answer 201 or 204 without a body.
        const text = await (await send('POST', path, { body })).text();
        return (text ? JSON.parse(text) : undefined) as T;
      },
      patch: async <T>(path: string, body: unknown): Promise<T> => (await send('PATCH', path, { body })).json() as Promise<T>,
      put: async (path: string, body: unknown): Promise<void> => {
        await send('PUT', path, { body });
      },
      delete: async (path: string): Promise<void> => {
        await send('DELETE', path);
      },
    }),
    [send],
  );
}

export type Api = ReturnType<typeof useApi>;
