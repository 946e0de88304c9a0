// Custom phrases as Logto takes them: only language tags Logto knows, and only keys the sign-in
// UI's phrases have (a phrase where a phrase is, a group where a group is).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startManagementTest, type ManagementTest } from './test-stack.ts';

let test: ManagementTest;
beforeAll(async () => {
  test = await startManagementTest();
});
afterAll(async () => test?.stack.stop());

describe('custom phrases', () => {
  it('refuse language tags Logto does not know, on every route, with guard.invalid_input', async () => {
    // `klingon` is not even shaped like a tag; the others are, but are not on Logto's list.
    for (const tag of ['xx', 'en-XX', 'klingon', 'zz-ZZ']) {
      for (const [method, body] of [
        ['GET', undefined],
        ['PUT', { action: { sign_in: 'x' } }],
        ['DELETE', undefined],
      ] as const) {
        expect(await test.call(method, `/api/custom-phrases/${tag}`, body), `${method} ${tag}`).toMatchObject({
          status: 400,
          body: { code: 'guard.invalid_input', ...(tag === 'klingon' ? {} : { data: { languageTag: tag } }) },
        });
      }
    }
    expect((await test.call('GET', '/api/custom-phrases')).body).toEqual([]);
  });

  it("take any tag of Logto's list, in any letter case", async () => {
    // (Not `en`: the fallback language's phrases cannot be deleted.)
    for (const tag of ['en-US', 'zh-CN', 'pt-BR', 'ko-KR', 'fr', 'EN-gb']) {
      expect((await test.call('PUT', `/api/custom-phrases/${tag}`, { action: { sign_in: tag } })).status, tag).toBe(201);
      expect((await test.call('DELETE', `/api/custom-phrases/${tag}`)).status, tag).toBe(204);
    }
  });

  it('refuse unknown keys, top-level or nested, naming them, and store nothing', async () => {
    expect(await test.call('PUT', '/api/custom-phrases/ko', { action: { sign_in: 'a' }, nonsense: { x: 'y' } })).toMatchObject({
      status: 422,
      body: { code: 'localization.invalid_translation_structure', data: { unknownKeys: ['nonsense'] } },
    });
    expect(await test.call('PUT', '/api/custom-phrases/ko', { action: { sign_in: 'a', fly: 'b', jump: 'c' } })).toMatchObject({
      status: 422,
      body: { code: 'localization.invalid_translation_structure', data: { unknownKeys: ['action.fly', 'action.jump'] } },
    });
    // A phrase where the UI has a group, and a group where it has a phrase.
    expect(await test.call('PUT', '/api/custom-phrases/ko', { action: 'a' })).toMatchObject({
      status: 422,
      body: { data: { unknownKeys: ['action'] } },
    });
    expect(await test.call('PUT', '/api/custom-phrases/ko', { action: { sign_in: { deeper: 'a' } } })).toMatchObject({
      status: 422,
      body: { data: { unknownKeys: ['action.sign_in'] } },
    });
    expect(await test.call('GET', '/api/custom-phrases/ko')).toMatchObject({ status: 404 });
  });

  it('drop empty phrases before judging keys, as Logto cleans a translation first', async () => {
    const put = await test.call('PUT', '/api/custom-phrases/ko', { action: { sign_in: '들어가기', unknown: '' }, other: {} });
    expect(put).toMatchObject({ status: 201, body: { translation: { action: { sign_in: '들어가기' } } } });
    expect((put.body as { translation: object }).translation).toEqual({ action: { sign_in: '들어가기' } });
    expect((await test.call('DELETE', '/api/custom-phrases/ko')).status).toBe(204);
  });
});
