// Management API shapes of /api/applications/:id/secrets: named client secrets, several valid at
// once so an app can rotate without downtime.
import { Type, type Static } from 'typebox';
import { closedObject, PathIdSchema } from './common.ts';

export const ApplicationSecretResponseSchema = Type.Object({
  tenantId: Type.String(),
  applicationId: Type.String(),
  name: Type.String(),
  value: Type.String(),
  createdAt: Type.Number({ description: 'Milliseconds since the epoch.' }),
  expiresAt: Type.Union([Type.Number({ description: 'Milliseconds since the epoch.' }), Type.Null()]),
});
export type ApplicationSecretResponse = Static<typeof ApplicationSecretResponseSchema>;

const secretName = Type.String({ minLength: 1, maxLength: 256, description: 'Unique within the application.' });

export const CreateApplicationSecretBodySchema = closedObject({
  name: secretName,
  expiresAt: Type.Optional(
    Type.Union([
      Type.Integer({ minimum: 0, description: 'When the secret stops working, in milliseconds since the epoch; in the future.' }),
      Type.Null(),
    ]),
  ),
});
export type CreateApplicationSecretBody = Static<typeof CreateApplicationSecretBodySchema>;

export const UpdateApplicationSecretBodySchema = closedObject({ name: secretName });

export const ApplicationSecretParamsSchema = Type.Object({
  id: PathIdSchema,
  name: secretName,
});
