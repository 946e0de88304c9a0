// The audit log of the sign-in experience, with Logto's keys (`Interaction.<Event>.<Step>`): one
// entry per step the browser takes, success or error, naming the app, the user once known, the
// address and the browser. Written after the answer has gone out, in batches (see @idp/db's
// log writer), so a step is never slower for being logged.
import type { LogWriter } from '@idp/db';
import type { LogPayload } from '@idp/schemas';
import type { App } from '@idp/server-kit';
import type { FastifyRequest } from 'fastify';
import type { Experience } from './context.ts';

type StepBody = { identifier?: { type?: string } } | undefined;

/** What each step is called in Logto's log keys, after `Interaction.<Event>.`; unlisted routes are not logged. */
const steps: Record<string, string | ((body: StepBody) => string)> = {
  'PUT /api/experience/interaction-event': 'Update',
  'POST /api/experience/identification': 'Identifier.Submit',
  'POST /api/experience/submit': 'Submit',
  'POST /api/experience/verification/password': 'Verification.Password.Submit',
  'POST /api/experience/verification/verification-code': (body) => `Verification.${codeKind(body)}.Create`,
  'POST /api/experience/verification/verification-code/verify': (body) => `Verification.${codeKind(body)}.Submit`,
  'POST /api/experience/verification/social/:connectorId/authorization-uri': 'Verification.Social.Create',
  'POST /api/experience/verification/social/:connectorId/verify': 'Verification.Social.Submit',
  'POST /api/experience/verification/totp/secret': 'Verification.Totp.Create',
  'POST /api/experience/verification/totp/verify': 'Verification.Totp.Submit',
  'POST /api/experience/verification/backup-code/generate': 'Verification.BackupCode.Create',
  'POST /api/experience/verification/backup-code/verify': 'Verification.BackupCode.Submit',
  'POST /api/experience/verification/web-authn/registration/verify': 'Verification.WebAuthn.Create',
  'POST /api/experience/verification/web-authn/authentication/verify': 'Verification.WebAuthn.Submit',
  'POST /api/experience/verification/new-password-identity': 'Verification.NewPassword.Submit',
  'POST /api/experience/profile': 'Profile.Update',
  'POST /api/experience/profile/mfa': 'BindMfa.Submit',
};

const codeKind = (body: StepBody) => (body?.identifier?.type === 'phone' ? 'SmsVerificationCode' : 'EmailVerificationCode');

type StepContext = { experience?: Pick<Experience, 'details' | 'state'>; error?: { code: string; message: string } };
const contexts = new WeakMap<FastifyRequest, StepContext>();

/**
 * Called where a step reads the experience. Read once the answer is out, so the entry names the
 * user the step itself identified or created.
 */
export function noteExperience(request: FastifyRequest, experience: Pick<Experience, 'details' | 'state'>): void {
  contexts.set(request, { ...contexts.get(request), experience });
}

export function registerAuditLog(app: App, writer: LogWriter): void {
  app.addHook('onClose', () => writer.close());
  // The error's code and message are taken from the answer itself: the one error handler made it.
  app.addHook('onSend', async (request, reply, payload) => {
    if (reply.statusCode >= 400 && typeof payload === 'string') {
      try {
        const { code, message } = JSON.parse(payload) as { code?: unknown; message?: unknown };
        if (typeof code === 'string') contexts.set(request, { ...contexts.get(request), error: { code, message: String(message ?? '') } });
      } catch {
        // Not JSON: the status alone says it failed.
      }
    }
    return payload;
  });
  app.addHook('onResponse', async (request, reply) => {
    const route = `${request.method} ${request.routeOptions.url ?? ''}`;
    const step = steps[route] ?? (route === 'PUT /api/experience' ? 'Create' : undefined);
    if (!step) return;
    const context = contexts.get(request) ?? {};
    const body = request.body as StepBody;
    const state = context.experience?.state;
    const event = state?.interactionEvent ?? (request.body as { interactionEvent?: string } | undefined)?.interactionEvent;
    if (!event) return;
    const clientId = context.experience?.details.params.client_id;
    const failed = reply.statusCode >= 400;
    const userAgent = request.headers['user-agent'];
    const payload: LogPayload & { interactionEvent: string } = {
      result: failed ? 'Error' : 'Success',
      interactionEvent: event,
      ip: request.ip,
      ...(userAgent ? { userAgent } : {}),
      ...(typeof clientId === 'string' ? { applicationId: clientId } : {}),
      ...(state?.userId ? { userId: state.userId } : {}),
      ...(failed ? { error: context.error ?? { code: 'unknown', message: `HTTP ${reply.statusCode}` } } : {}),
    };
    const key = `Interaction.${event}.${typeof step === 'function' ? step(body) : step}`;
    writer.write({ tenantId: request.tenantId, key, payload });
    // A finished sign-in, registration or reset also ends the interaction, as Logto logs it.
    if (route === 'POST /api/experience/submit' && !failed) writer.write({ tenantId: request.tenantId, key: 'Interaction.End', payload });
  });
}
