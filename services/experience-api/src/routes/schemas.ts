// Request bodies of the Experience API, as Logto's sign-in UI and SDKs send them.
import { Type } from 'typebox';

const closed = { additionalProperties: false } as const;

export const InteractionEventSchema = Type.Union([Type.Literal('SignIn'), Type.Literal('Register'), Type.Literal('ForgotPassword')]);

export const IdentifierSchema = Type.Object(
  {
    type: Type.Union([Type.Literal('username'), Type.Literal('email'), Type.Literal('phone')]),
    value: Type.String({ minLength: 1, maxLength: 128 }),
  },
  closed,
);

export const CodeIdentifierSchema = Type.Object(
  { type: Type.Union([Type.Literal('email'), Type.Literal('phone')]), value: Type.String({ minLength: 1, maxLength: 128 }) },
  closed,
);

export const PasswordSchema = Type.String({ minLength: 1, maxLength: 256 });

export const VerificationIdResponse = Type.Object({ verificationId: Type.String() });
