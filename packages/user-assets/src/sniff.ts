import type { AllowedUploadMimeType } from './limits.ts';

export type ImageType = { mimeType: AllowedUploadMimeType; extension: string };

// One extension per type: a stored file's name says its type, so serving it needs no other record.
const byExtension = {
  png: 'image/png',
  jpg: 'image/jpeg',
  gif: 'image/gif',
  ico: 'image/x-icon',
  svg: 'image/svg+xml',
  tif: 'image/tiff',
  webp: 'image/webp',
  bmp: 'image/bmp',
} as const satisfies Record<string, AllowedUploadMimeType>;

export type AssetExtension = keyof typeof byExtension;

const extensionOf: Record<string, AssetExtension> = {
  'image/png': 'png',
  // An animated PNG is a PNG to every browser.
  'image/apng': 'png',
  'image/jpeg': 'jpg',
  'image/gif': 'gif',
  'image/x-icon': 'ico',
  'image/vnd.microsoft.icon': 'ico',
  'image/tiff': 'tif',
  'image/webp': 'webp',
  'image/bmp': 'bmp',
};

/** The content type a stored file is served with, from its extension; undefined for any other name. */
export const contentTypeOf = (extension: string): AllowedUploadMimeType | undefined =>
  Object.hasOwn(byExtension, extension) ? byExtension[extension as AssetExtension] : undefined;

export const assetExtensions = Object.keys(byExtension) as AssetExtension[];

/**
 * The image type the bytes themselves show, or undefined when they are no allowed image. The
 * client's content type and file name are never asked: an HTML page called `a.png` is HTML.
 */
export async function sniffImage(bytes: Uint8Array): Promise<ImageType | undefined> {
  // Loaded at the first upload: uploads are rare, and these would sit in memory in every service.
  const [{ fileTypeFromBuffer }, { default: isSvg }] = await Promise.all([import('file-type'), import('is-svg')]);
  const detected = await fileTypeFromBuffer(bytes);
  const extension = detected && extensionOf[detected.mime];
  if (extension) return { mimeType: byExtension[extension], extension };
  // SVG is text, which magic numbers do not reveal; an XML prolog is as far as file-type goes.
  if (detected === undefined || detected.mime === 'application/xml') {
    const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
    if (isSvg(text)) return { mimeType: 'image/svg+xml', extension: 'svg' };
  }
  return undefined;
}
