// The public routes and the OpenAPI documents through Logto's own client, `@logto/api`, the way an
// integration reads them: status, the sign-in experience, phrases and the documents.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callApi, startManagementTest, type ManagementTest } from './test-stack.ts';

let test: ManagementTest;
beforeAll(async () => {
  test = await startManagementTest();
});
afterAll(async () => test?.stack.stop());

describe('public routes through @logto/api', () => {
  it('answers GET /api/status with 204', async () => {
    const { response } = await test.api.GET('/api/status');
    expect(response.status).toBe(204);
  });

  it('answers the public sign-in experience, which follows a PATCH made with the same client', async () => {
    const before = await test.api.GET('/api/.well-known/sign-in-exp');
    expect(before.response.status).toBe(200);
    expect(before.data).toMatchObject({ id: 'default', signInMode: 'SignInAndRegister', color: { primaryColor: expect.any(String) } });

    await test.api.PATCH('/api/sign-in-exp', {
      body: { color: { primaryColor: '#0a7f5c', isDarkModeEnabled: false, darkPrimaryColor: '#5ce0b0' } },
    });
    const after = await test.api.GET('/api/.well-known/sign-in-exp');
    expect(after.data!.color).toMatchObject({ primaryColor: '#0a7f5c', darkPrimaryColor: '#5ce0b0' });
  });

  it('answers phrases in the asked language, merged with custom phrases set through the client', async () => {
    const korean = await test.api.GET('/api/.well-known/phrases', { params: { query: { lng: 'ko' } } });
    expect(korean.response.status).toBe(200);
    expect((korean.data as { action: Record<string, string> }).action.sign_in).toBe('로그인');

    const put = await test.api.PUT('/api/custom-phrases/{languageTag}', {
      params: { path: { languageTag: 'ko' } },
      body: { action: { sign_in: '들어가기' } } as never,
    });
    expect(put.response.status).toBe(201);
    const merged = await test.api.GET('/api/.well-known/phrases', { params: { query: { lng: 'ko' } } });
    expect((merged.data as { action: Record<string, string> }).action.sign_in).toBe('들어가기');
    await test.api.DELETE('/api/custom-phrases/{languageTag}', { params: { path: { languageTag: 'ko' } } });

    // Public, so no token is needed; an over-long language is still refused.
    const anonymous = await callApi(test.stack.userUrl, undefined, 'GET', `/api/.well-known/phrases?lng=${'x'.repeat(65)}`);
    expect(anonymous).toMatchObject({ status: 400, body: { code: 'guard.invalid_input' } });
  });

  it("serves the OpenAPI documents at both of Logto's paths, the same document, listing the routes the client calls", async () => {
    const swagger = await test.api.GET('/api/swagger.json');
    const wellKnown = await test.api.GET('/api/.well-known/management.openapi.json');
    expect(swagger.response.status).toBe(200);
    expect(wellKnown.data).toEqual(swagger.data);
    const document = swagger.data as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(document.openapi).toMatch(/^3\./);
    for (const [path, method] of [
      ['/api/status', 'get'],
      ['/api/.well-known/sign-in-exp', 'get'],
      ['/api/.well-known/phrases', 'get'],
      ['/api/custom-phrases/{languageTag}', 'put'],
      ['/api/applications', 'post'],
    ] as const) {
      expect(document.paths[path], path).toHaveProperty(method);
    }
  });
});
