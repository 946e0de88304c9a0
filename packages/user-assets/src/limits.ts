// What uploads may be, as Logto has it (its `maxUploadFileSize` and `allowUploadMimeTypes`). A
// module with no dependencies: the gateway reads the limit too, and bundles nothing else of ours.

/** 8 MiB, Logto's limit for one uploaded file. */
export const maxUploadFileSize = 8 * 1024 * 1024;

/** Logto's list, in its order: the types `GET /api/user-assets/service-status` announces. */
export const allowUploadMimeTypes = [
  'image/jpeg',
  'image/png',
  'image/gif',
  'image/vnd.microsoft.icon',
  'image/x-icon',
  'image/svg+xml',
  'image/tiff',
  'image/webp',
  'image/bmp',
] as const;

export type AllowedUploadMimeType = (typeof allowUploadMimeTypes)[number];

/** The routes that take an upload: their bodies may exceed the usual limit by a file's size. */
export const uploadRoutes: ReadonlyArray<{ method: string; path: string }> = [
  { method: 'POST', path: '/api/user-assets' },
  { method: 'POST', path: '/api/my-account/user-assets/avatar' },
];

/** A request body carrying one file at the limit, with room for the multipart framing around it. */
export const uploadBodyLimit = maxUploadFileSize + 64 * 1024;

const uploadKeys = new Set(uploadRoutes.map(({ method, path }) => `${method} ${path}`));
/** Whether a request (its method and URL, query and all) is an upload, which may carry up to `uploadBodyLimit`. */
export const isUploadRoute = (method: string, url: string) => uploadKeys.has(`${method.toUpperCase()} ${url.split('?')[0]}`);

/** Where the local folder's files are served, on each tenant's own endpoint. */
export const userAssetsPathPrefix = '/user-assets';
