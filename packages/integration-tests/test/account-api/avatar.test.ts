// POST /api/my-account/user-assets/avatar through the whole stack: a user signed in with Logto's
// Node SDK uploads a picture, the gateway serves it back from the local folder, and the account
// center's avatar field decides whether the upload is allowed at all.
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { everyFieldEditable, startAccountApiTest, type Harness } from './harness.ts';

let t: Harness;
let alice: Awaited<ReturnType<Harness['newUser']>>;
const stored: string[] = [];

/** Logto's limit for one upload. */
const maxUploadFileSize = 8 * 1024 * 1024;
// A 1×1 PNG.
const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

/** A multipart upload of `file` (or a form without one) as the user, through the user endpoint. */
const uploadAvatar = async (token: string | undefined, file: Blob | undefined, fileName = 'avatar.png') => {
  const form = new FormData();
  if (file) form.append('file', file, fileName);
  else form.append('name', 'no file');
  const response = await fetch(`${t.stack.userUrl}/api/my-account/user-assets/avatar`, {
    method: 'POST',
    headers: token ? { authorization: `Bearer ${token}` } : {},
    body: form,
  });
  const body = (await response.json()) as { url?: string; code?: string };
  if (body.url) stored.push(body.url);
  return { status: response.status, body };
};

const withAvatar = async (avatar: 'Off' | 'ReadOnly' | 'Edit') =>
  t.setAccountCenter({ ...everyFieldEditable, fields: { ...everyFieldEditable.fields, avatar } });

beforeAll(async () => {
  t = await startAccountApiTest();
  await t.setAccountCenter(everyFieldEditable);
  alice = await t.newUser({ primaryEmail: 'avatar-alice@example.com' });
});
afterAll(async () => {
  await t?.stop();
  // The stack's services keep files in the default folder (`.data/user-assets` here): ours go.
  await Promise.all(
    stored.map(async (url) => rm(path.resolve('.data', 'user-assets', 'default', path.basename(new URL(url).pathname)), { force: true })),
  );
});

describe('POST /api/my-account/user-assets/avatar', () => {
  it('stores a PNG whose URL the gateway serves with the same bytes, image/png and nosniff; the URL then becomes the avatar', async () => {
    const { status, body } = await uploadAvatar(alice.token, new Blob([png], { type: 'application/octet-stream' }), 'me.html');
    expect(status).toBe(200);
    expect(Object.keys(body)).toEqual(['url']);
    expect(body.url).toMatch(new RegExp(`^${t.stack.userUrl}/user-assets/[A-Za-z0-9_-]{22}\\.png$`));

    const served = await fetch(body.url!);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(served.headers.get('x-content-type-options')).toBe('nosniff');
    expect(served.headers.get('cache-control')).toContain('immutable');
    expect(Buffer.from(await served.arrayBuffer())).toEqual(png);

    expect(await t.call(alice.token, 'PATCH', '/api/my-account', { avatar: body.url })).toMatchObject({
      status: 200,
      body: { avatar: body.url },
    });
  });

  it('refuses a non-image, even named .png and sent as image/png', async () => {
    const html = new Blob(['<html><body><script>document.cookie</script></body></html>'], { type: 'image/png' });
    expect(await uploadAvatar(alice.token, html, 'avatar.png')).toMatchObject({
      status: 400,
      body: { code: 'guard.mime_type_not_allowed' },
    });
  });

  it('refuses a file over 8 MiB, and a request without a file', async () => {
    const oversize = new Blob([png, Buffer.alloc(maxUploadFileSize)], { type: 'image/png' });
    expect(await uploadAvatar(alice.token, oversize)).toMatchObject({ status: 400, body: { code: 'guard.file_size_exceeded' } });
    expect(await uploadAvatar(alice.token, undefined)).toMatchObject({ status: 400, body: { code: 'guard.invalid_input' } });
  });

  it('answers 401 without a token or with a bad one', async () => {
    const file = new Blob([png], { type: 'image/png' });
    expect(await uploadAvatar(undefined, file)).toMatchObject({ status: 401, body: { code: 'auth.authorization_header_missing' } });
    expect(await uploadAvatar('not-a-token', file)).toMatchObject({ status: 401, body: { code: 'auth.unauthorized' } });
    // A Management API token is no end user's.
    expect(await uploadAvatar(t.adminToken, file)).toMatchObject({ status: 401, body: { code: 'auth.unauthorized' } });
  });

  it('refuses with account_center.field_not_editable while the avatar field is Off or ReadOnly', async () => {
    const file = new Blob([png], { type: 'image/png' });
    try {
      for (const control of ['Off', 'ReadOnly'] as const) {
        await withAvatar(control);
        expect(await uploadAvatar(alice.token, file), control).toMatchObject({
          status: 400,
          body: { code: 'account_center.field_not_editable' },
        });
      }
      await withAvatar('Edit');
      expect((await uploadAvatar(alice.token, file)).status).toBe(200);
    } finally {
      await t.setAccountCenter(everyFieldEditable);
    }
  });
});
