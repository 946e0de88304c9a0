import { Type } from 'typebox';

/**
 * Where uploaded user assets (avatars, logos) are stored: a folder under the data directory unless
 * an S3-compatible bucket is configured. The folder must be shared by every service that writes or
 * serves assets (the management and account services). Optional, so that a service built with a
 * hand-made config (the tests' stack) gets the defaults of @idp/user-assets.
 */
export const userAssetsConfigProperties = {
  /** The project's data folder; assets go to `<DATA_DIR>/user-assets` (default `.data`, relative to the working directory). */
  DATA_DIR: Type.Optional(Type.String({ minLength: 1 })),
  /** The assets folder itself, when it is not `<DATA_DIR>/user-assets`. */
  USER_ASSETS_DIR: Type.Optional(Type.String({ minLength: 1 })),
  /** Set, uploads go to this bucket instead of the folder. */
  USER_ASSETS_S3_BUCKET: Type.Optional(Type.String({ minLength: 1 })),
  /** An S3-compatible server's URL (MinIO, R2, …); unset, AWS's own for the region. */
  USER_ASSETS_S3_ENDPOINT: Type.Optional(Type.String({ pattern: '^https?://' })),
  USER_ASSETS_S3_REGION: Type.Optional(Type.String({ minLength: 1 })),
  /** Unset, the AWS SDK's default credential chain applies (environment, instance role, …). */
  USER_ASSETS_S3_ACCESS_KEY_ID: Type.Optional(Type.String({ minLength: 1 })),
  USER_ASSETS_S3_SECRET_ACCESS_KEY: Type.Optional(Type.String({ minLength: 1 })),
  /** Bucket in the path (`<endpoint>/<bucket>/<key>`), as most S3-compatible servers need; default on when an endpoint is set. */
  USER_ASSETS_S3_FORCE_PATH_STYLE: Type.Optional(Type.Boolean()),
  /** Where the bucket's objects are publicly readable (a CDN, a public bucket URL); the upload's URL is `<this>/<key>`. */
  USER_ASSETS_S3_PUBLIC_URL: Type.Optional(Type.String({ pattern: '^https?://' })),
};
