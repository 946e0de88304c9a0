// The two stores against real backends: a folder in a temporary directory, and an S3-compatible
// server (s3rver, in this process) spoken to by the AWS SDK as production would.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { text } from 'node:stream/consumers';
import S3rver from '@20minutes/s3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sniffImage } from './sniff.ts';
import { createLocalStore, createS3Store, createUserAssetStore, localDirectory, openLocalAsset } from './storage.ts';

const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const svg = Buffer.from('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>');

let folder: string;
let s3Folder: string;
let s3: S3rver;
let s3Url: string;

beforeAll(async () => {
  folder = await mkdtemp(path.join(tmpdir(), 'idp-user-assets-'));
  s3Folder = await mkdtemp(path.join(tmpdir(), 'idp-s3rver-'));
  s3 = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: s3Folder, configureBuckets: [{ name: 'assets' }] });
  const { port } = await s3.run();
  s3Url = `http://127.0.0.1:${port}`;
});
afterAll(async () => {
  await s3?.close();
  await rm(folder, { recursive: true, force: true });
  await rm(s3Folder, { recursive: true, force: true });
});

describe('sniffImage', () => {
  it('goes by the bytes alone', async () => {
    expect(await sniffImage(png)).toEqual({ mimeType: 'image/png', extension: 'png' });
    expect(await sniffImage(svg)).toEqual({ mimeType: 'image/svg+xml', extension: 'svg' });
    expect(await sniffImage(Buffer.from('<!doctype html><html></html>'))).toBeUndefined();
    expect(await sniffImage(Buffer.from('<?xml version="1.0"?><note>hi</note>'))).toBeUndefined();
    expect(await sniffImage(Buffer.from('%PDF-1.4\n'))).toBeUndefined();
  });
});

describe('the local folder', () => {
  it('writes <folder>/<tenant>/<random name> and reads it back by name only', async () => {
    const store = createLocalStore(folder, (tenantId) => `https://${tenantId}.example.com`);
    const image = (await sniffImage(png))!;
    const { url } = await store.put('default', image, png);
    expect(url).toMatch(/^https:\/\/default\.example\.com\/user-assets\/[A-Za-z0-9_-]{22}\.png$/);
    const name = path.basename(url);
    expect(await readdir(path.join(folder, 'default'))).toEqual([name]);

    const asset = await openLocalAsset(folder, 'default', name);
    expect(asset).toMatchObject({ contentType: 'image/png', size: png.length });
    asset!.stream.destroy();
    expect(await openLocalAsset(folder, 'admin', name)).toBeUndefined();
    for (const bad of ['../default/x', `..%2F${name}`, `${name}.html`, name.replace('.png', '.html'), '']) {
      expect(await openLocalAsset(folder, 'default', bad), bad).toBeUndefined();
    }
    expect(await openLocalAsset(folder, '..', name)).toBeUndefined();
    await expect(store.put('../x', image, png)).rejects.toThrow(/unsafe tenant id/);
  });

  it('defaults to <DATA_DIR>/user-assets, or .data/user-assets', () => {
    expect(localDirectory({})).toBe(path.resolve('.data', 'user-assets'));
    expect(localDirectory({ DATA_DIR: '/srv/idp' })).toBe('/srv/idp/user-assets');
    expect(localDirectory({ DATA_DIR: '/srv/idp', USER_ASSETS_DIR: '/mnt/assets' })).toBe('/mnt/assets');
    expect(createUserAssetStore({}, () => '').kind).toBe('local');
    expect(createUserAssetStore({ USER_ASSETS_S3_BUCKET: 'b' }, () => '').kind).toBe('s3');
  });
});

describe('S3-compatible storage', () => {
  const config = () => ({
    USER_ASSETS_S3_BUCKET: 'assets',
    USER_ASSETS_S3_ENDPOINT: s3Url,
    USER_ASSETS_S3_REGION: 'us-east-1',
    USER_ASSETS_S3_ACCESS_KEY_ID: 'S3RVER',
    USER_ASSETS_S3_SECRET_ACCESS_KEY: 'S3RVER',
  });

  it('puts <tenant>/<random name> with the sniffed type and a long cache; the URL fetches it', async () => {
    const store = createS3Store(config());
    const { url } = await store.put('default', (await sniffImage(png))!, png);
    expect(url).toMatch(new RegExp(`^${s3Url}/assets/default/[A-Za-z0-9_-]{22}\\.png$`));
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(Buffer.from(await response.arrayBuffer())).toEqual(png);
  });

  it('marks an SVG as an attachment, and builds URLs on USER_ASSETS_S3_PUBLIC_URL when set', async () => {
    const store = createS3Store({ ...config(), USER_ASSETS_S3_PUBLIC_URL: 'https://cdn.example.com/avatars/' });
    const { url } = await store.put('admin', (await sniffImage(svg))!, svg);
    expect(url).toMatch(/^https:\/\/cdn\.example\.com\/avatars\/admin\/[A-Za-z0-9_-]{22}\.svg$/);
    const response = await fetch(`${s3Url}/assets${new URL(url).pathname.replace('/avatars', '')}`);
    expect(response.headers.get('content-type')).toBe('image/svg+xml');
    expect(response.headers.get('content-disposition')).toBe('attachment');
    expect(await text(response.body as never)).toBe(svg.toString());
  });

  it('fails when the bucket refuses', async () => {
    const store = createS3Store({ ...config(), USER_ASSETS_S3_BUCKET: 'no-such-bucket' });
    await expect(store.put('default', (await sniffImage(png))!, png)).rejects.toThrow();
  });
});
