// JSON requests to the platform's APIs with the browser's cookies. Failures become `ApiError`s
// carrying the `{code, message, data}` body the APIs answer with.
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly data?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The code of a request that never got an answer (offline, server down). */
export const networkErrorCode = 'ui.network';

export async function requestJson<T>(method: string, path: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    throw new ApiError(0, networkErrorCode, error instanceof Error ? error.message : String(error));
  }
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  if (!response.ok) {
    const { code, message, data } = (parsed ?? {}) as { code?: unknown; message?: unknown; data?: unknown };
    throw new ApiError(
      response.status,
      typeof code === 'string' ? code : `http.${response.status}`,
      typeof message === 'string' ? message : response.statusText,
      data,
    );
  }
  return parsed as T;
}
