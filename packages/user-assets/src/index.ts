export {
  allowUploadMimeTypes,
  isUploadRoute,
  maxUploadFileSize,
  uploadBodyLimit,
  uploadRoutes,
  userAssetsPathPrefix,
  type AllowedUploadMimeType,
} from './limits.ts';
export { assetExtensions, contentTypeOf, sniffImage, type ImageType } from './sniff.ts';
export {
  createLocalStore,
  createS3Store,
  createUserAssetStore,
  immutableCacheControl,
  localDirectory,
  openLocalAsset,
  type UserAssetsConfig,
  type UserAssetStore,
} from './storage.ts';
export { receiveImage, registerLocalAssetRoute, registerMultipart, uploadImage } from './upload.ts';
