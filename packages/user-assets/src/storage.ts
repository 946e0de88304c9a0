import { randomBytes } from 'node:crypto';
import { mkdir, open, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { S3Client } from '@aws-sdk/client-s3';
import { contentTypeOf, type ImageType } from './sniff.ts';

/** The settings of @idp/config's `userAssetsConfigProperties`. */
export type UserAssetsConfig = {
  DATA_DIR?: string;
  USER_ASSETS_DIR?: string;
  USER_ASSETS_S3_BUCKET?: string;
  USER_ASSETS_S3_ENDPOINT?: string;
  USER_ASSETS_S3_REGION?: string;
  USER_ASSETS_S3_ACCESS_KEY_ID?: string;
  USER_ASSETS_S3_SECRET_ACCESS_KEY?: string;
  USER_ASSETS_S3_FORCE_PATH_STYLE?: boolean;
  USER_ASSETS_S3_PUBLIC_URL?: string;
};

export type UserAssetStore = {
  readonly kind: 'local' | 's3';
  /** Stores a new asset of the tenant under a random name: its public URL. */
  put(tenantId: string, image: ImageType, body: Uint8Array): Promise<{ url: string }>;
};

// Tenant ids come from the gateway, but they become a folder or key prefix: nothing in them may
// climb out of it.
const tenantIdPattern = /^[A-Za-z0-9_-]{1,64}$/;
/** Names are ours: 22 random base64url characters (128 bits) and the sniffed type's extension. */
export const assetNamePattern = /^[A-Za-z0-9_-]{22}\.([a-z]{3,4})$/;

const checkTenant = (tenantId: string) => {
  if (!tenantIdPattern.test(tenantId)) throw new Error(`unsafe tenant id for a user asset: ${JSON.stringify(tenantId)}`);
};
const newName = (image: ImageType) => `${randomBytes(16).toString('base64url')}.${image.extension}`;
const trimSlash = (url: string) => url.replace(/\/+$/, '');

/** The local folder: `USER_ASSETS_DIR`, else `<DATA_DIR>/user-assets`, `.data/user-assets` when neither is set. */
export const localDirectory = (config: UserAssetsConfig) =>
  path.resolve(config.USER_ASSETS_DIR ?? path.join(config.DATA_DIR ?? '.data', 'user-assets'));

/**
 * Files in `<directory>/<tenant id>/<name>`, served by a route of ours on the tenant's endpoint
 * (`publicBase(tenantId)` is that endpoint's URL).
 */
export function createLocalStore(directory: string, publicBase: (tenantId: string) => string): UserAssetStore {
  return {
    kind: 'local',
    async put(tenantId, image, body) {
      checkTenant(tenantId);
      const folder = path.join(directory, tenantId);
      await mkdir(folder, { recursive: true });
      const name = newName(image);
      // `wx`: a name is never reused, so an existing file means something is badly wrong.
      await writeFile(path.join(folder, name), body, { flag: 'wx' });
      return { url: `${trimSlash(publicBase(tenantId))}/user-assets/${name}` };
    },
  };
}

export type LocalAsset = { contentType: string; size: number; stream: Readable };

/** A stored file of the tenant to serve, or undefined when the name is not one of ours or no such file exists. */
export async function openLocalAsset(directory: string, tenantId: string, name: string): Promise<LocalAsset | undefined> {
  const match = assetNamePattern.exec(name);
  const contentType = match && contentTypeOf(match[1]!);
  if (!contentType || !tenantIdPattern.test(tenantId)) return undefined;
  const file = path.join(directory, tenantId, name);
  try {
    const handle = await open(file, 'r');
    const { size } = await handle.stat();
    return { contentType, size, stream: handle.createReadStream() };
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Objects `<tenant id>/<name>` in the bucket, with the sniffed content type. */
export function createS3Store(config: UserAssetsConfig & { USER_ASSETS_S3_BUCKET: string }): UserAssetStore {
  const bucket = config.USER_ASSETS_S3_BUCKET;
  const endpoint = config.USER_ASSETS_S3_ENDPOINT;
  const region = config.USER_ASSETS_S3_REGION ?? 'us-east-1';
  const forcePathStyle = config.USER_ASSETS_S3_FORCE_PATH_STYLE ?? endpoint !== undefined;
  // The AWS SDK is loaded on the first upload, not at start-up: most installs keep files locally,
  // and it would hold several MB in memory in every service that may store an asset.
  const sdk = import('@aws-sdk/client-s3');
  sdk.catch(() => {}); // reported at the upload that needs it
  let client: S3Client | undefined;
  const clientOptions = {
    region,
    ...(endpoint && { endpoint }),
    forcePathStyle,
    ...(config.USER_ASSETS_S3_ACCESS_KEY_ID &&
      config.USER_ASSETS_S3_SECRET_ACCESS_KEY && {
        credentials: { accessKeyId: config.USER_ASSETS_S3_ACCESS_KEY_ID, secretAccessKey: config.USER_ASSETS_S3_SECRET_ACCESS_KEY },
      }),
  };
  const publicBase = trimSlash(
    config.USER_ASSETS_S3_PUBLIC_URL ??
      (endpoint
        ? forcePathStyle
          ? `${trimSlash(endpoint)}/${bucket}`
          : (() => {
              const url = new URL(endpoint);
              url.hostname = `${bucket}.${url.hostname}`;
              return url.href;
            })()
        : `https://${bucket}.s3.${region}.amazonaws.com`),
  );
  return {
    kind: 's3',
    async put(tenantId, image, body) {
      checkTenant(tenantId);
      const key = `${tenantId}/${newName(image)}`;
      const { PutObjectCommand, S3Client } = await sdk;
      client ??= new S3Client(clientOptions);
      await client.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: body,
          ContentType: image.mimeType,
          CacheControl: immutableCacheControl,
          // A bucket cannot send our CSP: opened on its own, an SVG is downloaded, not run. An <img>
          // ignores the disposition and shows it.
          ...(image.mimeType === 'image/svg+xml' && { ContentDisposition: 'attachment' }),
        }),
      );
      return { url: `${publicBase}/${key}` };
    },
  };
}

/** Names are never reused, so a stored asset never changes. */
export const immutableCacheControl = 'public, max-age=31536000, immutable';

export function createUserAssetStore(config: UserAssetsConfig, publicBase: (tenantId: string) => string): UserAssetStore {
  const bucket = config.USER_ASSETS_S3_BUCKET;
  return bucket ? createS3Store({ ...config, USER_ASSETS_S3_BUCKET: bucket }) : createLocalStore(localDirectory(config), publicBase);
}
