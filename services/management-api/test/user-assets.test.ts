// /api/user-assets through the gateway: the service status, uploads judged by their bytes, and the
// stored file served back on the tenant's endpoint (by the account service, which the stack here
// runs too) with the headers that keep a browser from taking it for anything else.
import { request } from 'node:http';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { buildApp as buildAccountApi } from '@idp/account-api';
import * as gateway from '@idp/gateway';
import { buildApp as buildOidc } from '@idp/oidc';
import { startTestStack as startStack } from '@idp/test-stack';
import { localDirectory, maxUploadFileSize } from '@idp/user-assets';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp as buildManagementApi } from '../src/app.ts';
import { callApi, createManagementClient, managementToken } from './test-stack.ts';

let stack: Awaited<ReturnType<typeof startTestStack>>;
let token: string;
const startTestStack = () =>
  startStack({ services: { oidc: buildOidc, 'management-api': buildManagementApi, 'account-api': buildAccountApi }, gateway });

// A 1×1 PNG.
const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"><script>alert(1)</script></svg>');
const stored: string[] = [];

const upload = async (
  file: Blob | undefined,
  fileName = 'a.png',
  options: { auth?: string | null; field?: string; base?: string } = {},
) => {
  const form = new FormData();
  if (file) form.append(options.field ?? 'file', file, fileName);
  else form.append('note', 'no file here');
  const response = await fetch(`${options.base ?? stack.userUrl}/api/user-assets`, {
    method: 'POST',
    headers: options.auth === null ? {} : { authorization: `Bearer ${options.auth ?? token}` },
    body: form,
  });
  const body = (await response.json()) as { url?: string; code?: string; data?: unknown };
  if (body.url) stored.push(body.url);
  return { status: response.status, body };
};

beforeAll(async () => {
  stack = await startTestStack();
  token = await managementToken(stack.userUrl, (await createManagementClient(stack)).app);
});
afterAll(async () => {
  await stack?.stop();
  // The stack's services keep files in the default folder (`.data/user-assets` here): ours go.
  await Promise.all(
    stored.map(async (url) => rm(path.join(localDirectory({}), 'default', path.basename(new URL(url).pathname)), { force: true })),
  );
});

describe('GET /api/user-assets/service-status', () => {
  it("answers Logto's shape: ready, Logto's image types and its 8 MiB limit", async () => {
    expect(await callApi(stack.userUrl, token, 'GET', '/api/user-assets/service-status')).toMatchObject({
      status: 200,
      body: {
        status: 'ready',
        allowUploadMimeTypes: [
          'image/jpeg',
          'image/png',
          'image/gif',
          'image/vnd.microsoft.icon',
          'image/x-icon',
          'image/svg+xml',
          'image/tiff',
          'image/webp',
          'image/bmp',
        ],
        maxUploadFileSize: 8 * 1024 * 1024,
      },
    });
  });

  it('needs a Management API token', async () => {
    expect(await callApi(stack.userUrl, undefined, 'GET', '/api/user-assets/service-status')).toMatchObject({
      status: 401,
      body: { code: 'auth.authorization_header_missing' },
    });
    expect(await upload(new Blob([png], { type: 'image/png' }), 'a.png', { auth: null })).toMatchObject({
      status: 401,
      body: { code: 'auth.authorization_header_missing' },
    });
    expect(await upload(new Blob([png], { type: 'image/png' }), 'a.png', { auth: 'not-a-jwt' })).toMatchObject({
      status: 401,
      body: { code: 'auth.unauthorized' },
    });
  });
});

describe('POST /api/user-assets', () => {
  it('stores a PNG under a random name, served on the tenant endpoint with its sniffed type, nosniff and a long cache', async () => {
    // The client's name and type are ignored: the bytes say PNG.
    const { status, body } = await upload(new Blob([png], { type: 'text/html' }), '../../evil.html');
    expect(status).toBe(200);
    expect(Object.keys(body)).toEqual(['url']);
    expect(body.url).toMatch(new RegExp(`^${stack.userUrl}/user-assets/[A-Za-z0-9_-]{22}\\.png$`));

    const served = await fetch(body.url!);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(served.headers.get('x-content-type-options')).toBe('nosniff');
    expect(served.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(Buffer.from(await served.arrayBuffer())).toEqual(png);

    // Two uploads of the same bytes are two files.
    const again = await upload(new Blob([png]), 'a.png');
    expect(again.body.url).not.toBe(body.url);
  });

  it("keeps one tenant's files off another tenant's endpoint", async () => {
    const { body } = await upload(new Blob([png]), 'a.png');
    const name = new URL(body.url!).pathname;
    expect((await fetch(`${stack.adminUrl}${name}`)).status).toBe(404);
  });

  it('refuses bytes that are no allowed image, whatever the name and type claim', async () => {
    const html = new Blob(['<!doctype html><html><body><script>alert(1)</script></body></html>'], { type: 'image/png' });
    expect(await upload(html, 'avatar.png')).toMatchObject({ status: 400, body: { code: 'guard.mime_type_not_allowed' } });
    const pdf = new Blob(['%PDF-1.4\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n'], { type: 'image/png' });
    expect(await upload(pdf, 'a.png')).toMatchObject({ status: 400, body: { code: 'guard.mime_type_not_allowed' } });
  });

  it('takes SVG, as Logto does, and serves it so that its scripts never run', async () => {
    const { status, body } = await upload(new Blob([svg], { type: 'image/png' }), 'a.png');
    expect(status).toBe(200);
    expect(body.url).toMatch(/\.svg$/);
    const served = await fetch(body.url!);
    expect(served.headers.get('content-type')).toBe('image/svg+xml');
    expect(served.headers.get('content-security-policy')).toContain('sandbox');
    expect(served.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(served.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('refuses a file over the limit with guard.file_size_exceeded, and a much larger body at the gateway', async () => {
    const justOver = Buffer.concat([png, Buffer.alloc(maxUploadFileSize + 1 - png.length)]);
    expect(await upload(new Blob([justOver]), 'big.png')).toMatchObject({
      status: 400,
      body: { code: 'guard.file_size_exceeded', data: { maxUploadFileSize } },
    });
    const atLimit = Buffer.concat([png, Buffer.alloc(maxUploadFileSize - png.length)]);
    expect((await upload(new Blob([atLimit]), 'limit.png')).status).toBe(200);
    const huge = Buffer.alloc(maxUploadFileSize * 2);
    expect(await upload(new Blob([huge]), 'huge.png')).toMatchObject({ status: 413, body: { code: 'request.payload_too_large' } });
  });

  it('ignores other form fields', async () => {
    const form = new FormData();
    form.append('description', 'my logo');
    form.append('file', new Blob([png]), 'logo.png');
    const response = await fetch(`${stack.userUrl}/api/user-assets`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: form,
    });
    const body = (await response.json()) as { url: string };
    stored.push(body.url);
    expect(response.status).toBe(200);
    expect(body.url).toMatch(/\.png$/);
  });

  it('refuses a request without a file in the `file` field', async () => {
    expect(await upload(undefined)).toMatchObject({ status: 400, body: { code: 'guard.invalid_input' } });
    expect(await upload(new Blob([png]), 'a.png', { field: 'picture' })).toMatchObject({
      status: 400,
      body: { code: 'guard.invalid_input' },
    });
    expect(await callApi(stack.userUrl, token, 'POST', '/api/user-assets', { file: 'x' })).toMatchObject({
      status: 400,
      body: { code: 'guard.invalid_input' },
    });
    const empty = await fetch(`${stack.userUrl}/api/user-assets`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'multipart/form-data; boundary=x' },
      body: '--x--\r\n',
    });
    expect(empty.status).toBe(400);
    expect(((await empty.json()) as { code: string }).code).toBe('guard.invalid_input');
  });
});

describe('GET /user-assets/:name', () => {
  // Sent as written: fetch would resolve the dots before sending.
  const rawGet = (base: string, rawPath: string) =>
    new Promise<{ status: number; type: string | undefined }>((resolve, reject) => {
      const { hostname, port } = new URL(base);
      request({ hostname, port, path: rawPath }, (response) => {
        response.resume();
        resolve({ status: response.statusCode ?? 0, type: response.headers['content-type'] });
      })
        .on('error', reject)
        .end();
    });

  it('finds only names of ours: no path traversal, no other files', async () => {
    const { body } = await upload(new Blob([png]), 'a.png');
    const name = path.basename(new URL(body.url!).pathname);
    expect((await rawGet(stack.userUrl, `/user-assets/${name}`)).status).toBe(200);
    for (const attempt of [
      `/user-assets/../user-assets/default/${name}`,
      `/user-assets/default/${name}`,
      `/user-assets/..%2Fdefault%2F${name}`,
      '/user-assets/..%2F..%2F..%2Fpackage.json',
      '/user-assets/%2e%2e%2f%2e%2e%2fpackage.json',
      '/user-assets/AAAAAAAAAAAAAAAAAAAAAA.png',
      '/user-assets/AAAAAAAAAAAAAAAAAAAAAA.html',
      `/user-assets/${name}%00.html`,
    ]) {
      const { status, type } = await rawGet(stack.userUrl, attempt);
      // Refused before any route (400), not found (404), or left to the sign-in UI's HTML: never a stored file.
      expect(`${status} ${type ?? ''}`, attempt).not.toMatch(/^200 image\//);
    }
  });
});
