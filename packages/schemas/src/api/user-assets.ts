// Uploaded images (Management API `/api/user-assets`, Account API `…/user-assets/avatar`).
import { Type } from 'typebox';

/** GET /api/user-assets/service-status, as Logto answers it (`not_configured` without the two lists). */
export const UserAssetsServiceStatusSchema = Type.Object({
  status: Type.Union([Type.Literal('ready'), Type.Literal('not_configured')]),
  allowUploadMimeTypes: Type.Optional(Type.Array(Type.String())),
  maxUploadFileSize: Type.Optional(Type.Number()),
});

/** What an upload answers: the asset's public URL. */
export const UserAssetUrlSchema = Type.Object({ url: Type.String() });

/** A stored asset's name in `GET /user-assets/:name`. */
export const AssetNameParamsSchema = Type.Object({ name: Type.String({ minLength: 1, maxLength: 64 }) });
