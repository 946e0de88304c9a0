// Management API shapes of /api/applications/:id/secrets: named client secrets, several valid at
// once so an app can rotate without downtime.
import { Type, type Static } from 'typebox';

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

export const CreateApplicationSecretBodySchema = Type.Object(
  {
    name: secretName,
    expiresAt: Type.Optional(
      Type.Union([
        Type.Integer({ minimum: 0, description: 'When the secret stops working, in milliseconds since the epoch; in the future.' }),
        Type.Null(),
      ]),
    ),
  },
  { additionalProperties: false },
);
export type CreateApplicationSecretBody = Static<typeof CreateApplicationSecretBodySchema>;

export const UpdateApplicationSecretBodySchema = Type.Object({ name: secretName }, { additionalProperties: false });

export const ApplicationSecretParamsSchema = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 21 }),
  name: secretName,
});
