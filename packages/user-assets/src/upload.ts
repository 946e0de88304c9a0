import multipart from '@fastify/multipart';
import { RequestError } from '@idp/errors';
import type { App } from '@idp/server-kit';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { allowUploadMimeTypes, maxUploadFileSize, userAssetsPathPrefix } from './limits.ts';
import { AssetNameParamsSchema } from '@idp/schemas';
import { sniffImage, type ImageType } from './sniff.ts';
import { immutableCacheControl, openLocalAsset, type UserAssetStore } from './storage.ts';

/**
 * Lets the app read multipart bodies, one file of at most `maxUploadFileSize` each (other form
 * fields are ignored). The plugin only marks such a body; it is read when a route asks for the
 * file, after authentication.
 */
export function registerMultipart(app: App): void {
  app.register(multipart, { limits: { fileSize: maxUploadFileSize, files: 1, fields: 20, parts: 21 } });
}

const codeOf = (error: unknown) => (error as { code?: unknown } | undefined)?.code;

/**
 * The request's `file` part, checked by its bytes: 400 `guard.invalid_input` without one (or when
 * the body is not multipart), `guard.file_size_exceeded` over the limit, `guard.mime_type_not_allowed`
 * unless the bytes are an allowed image.
 */
export async function receiveImage(request: FastifyRequest): Promise<{ image: ImageType; body: Buffer }> {
  let body: Buffer;
  try {
    const part = await request.file();
    if (part?.fieldname !== 'file') {
      throw new RequestError('guard.invalid_input', { message: 'The request must carry one file in the `file` field.' });
    }
    body = await part.toBuffer();
  } catch (error) {
    if (error instanceof RequestError) throw error;
    switch (codeOf(error)) {
      case 'FST_REQ_FILE_TOO_LARGE':
        throw new RequestError('guard.file_size_exceeded', { data: { maxUploadFileSize } });
      case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      case 'FST_PARTS_LIMIT':
      case 'FST_FILES_LIMIT':
      case 'FST_FIELDS_LIMIT':
      case 'FST_PROTO_VIOLATION':
      case 'FST_MP_PREMATURE_CLOSE':
        throw new RequestError('guard.invalid_input', {
          message: 'The request must be multipart/form-data with one file in the `file` field.',
          cause: error,
        });
      default:
        // busboy's own complaints about a malformed body.
        if (error instanceof Error && /multipart|boundary/i.test(error.message)) {
          throw new RequestError('guard.invalid_input', { message: 'The multipart body is malformed.', cause: error });
        }
        throw error;
    }
  }
  if (body.length === 0) throw new RequestError('guard.invalid_input', { message: 'The file is empty.' });
  const image = await sniffImage(body);
  if (!image) {
    throw new RequestError('guard.mime_type_not_allowed', { data: { allowUploadMimeTypes } });
  }
  return { image, body };
}

/** Stores the request's image for the tenant: `{ url }`, or 500 `storage.upload_error` when the store fails. */
export async function uploadImage(request: FastifyRequest, store: UserAssetStore): Promise<{ url: string }> {
  const { image, body } = await receiveImage(request);
  try {
    return await store.put(request.tenantId, image, body);
  } catch (error) {
    request.log.error({ err: error, store: store.kind }, 'storing a user asset failed');
    throw new RequestError('storage.upload_error');
  }
}

// What a stored file may do when opened: nothing. An SVG's scripts do not run (sandbox, no sources),
// no type is guessed (nosniff), and any site may show the image (avatars appear in other apps).
const assetHeaders = {
  'cache-control': immutableCacheControl,
  'x-content-type-options': 'nosniff',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; sandbox",
  'cross-origin-resource-policy': 'cross-origin',
};

/**
 * `GET /user-assets/:name`: the local folder's files of the request's tenant (the gateway's tenant
 * header), with the content type their sniffed extension gives. Names are ours alone, so a name
 * with a slash, a dot too many or an unknown extension is simply not found.
 */
export function registerLocalAssetRoute(app: App, directory: string, notFound: () => Error): void {
  app.get<{ Params: { name: string } }>(
    `${userAssetsPathPrefix}/:name`,
    {
      schema: {
        params: AssetNameParamsSchema,
      },
    },
    async (request: FastifyRequest<{ Params: { name: string } }>, reply: FastifyReply) => {
      const asset = await openLocalAsset(directory, request.tenantId, request.params.name);
      if (!asset) throw notFound();
      return reply.headers({ ...assetHeaders, 'content-type': asset.contentType, 'content-length': String(asset.size) }).send(asset.stream);
    },
  );
}
