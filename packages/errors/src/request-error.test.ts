import { describe, expect, it } from 'vitest';
import { RequestError, assertThat } from './index.ts';

describe('RequestError', () => {
  it('takes its status from the code, so a code always means the same status', () => {
    expect(new RequestError('auth.forbidden').status).toBe(403);
    expect(new RequestError('entity.not_exists_with_id').status).toBe(404);
    expect(new RequestError('request.payload_too_large').status).toBe(413);
  });

  it("serialises to Logto's { code, message, data? } shape and omits data when there is none", () => {
    expect(new RequestError('guard.invalid_input').toBody()).toEqual({
      code: 'guard.invalid_input',
      message: 'The request input is invalid.',
    });
    const withData = new RequestError('guard.invalid_input', { message: 'Bad body.', data: { path: '/name' } });
    expect(withData.toBody()).toEqual({ code: 'guard.invalid_input', message: 'Bad body.', data: { path: '/name' } });
  });

  it('assertThat throws the coded error only when the condition fails', () => {
    expect(() => assertThat(true, 'auth.unauthorized')).not.toThrow();
    expect(() => assertThat(0, 'auth.unauthorized')).toThrowError(RequestError);
    expect(() => assertThat(null, 'auth.unauthorized')).toThrow(expect.objectContaining({ code: 'auth.unauthorized', status: 401 }));
  });
});
