import { afterEach, describe, expect, it, vi } from 'vitest';

// The module reads `window` and Vite's base path when it loads: give it a browser-shaped window at a
// chosen address, recording what the page would do to its address bar, and the base vite.config.ts
// sets (vitest itself serves from `/`), then load a fresh copy.
async function loadAt(address: string) {
  const location = new URL(address);
  const replaced: string[] = [];
  vi.stubGlobal('window', {
    location,
    history: { replaceState: (_state: unknown, _title: string, url: string) => replaced.push(url) },
  });
  vi.stubEnv('BASE_URL', '/demo-app/');
  vi.resetModules();
  const module = await import('./redirect-uri.ts');
  return { ...module, replaced };
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.unstubAllEnvs();
});

describe('redirect URI', () => {
  it('is the app path on the current origin, without a trailing slash (as the seed registers it)', async () => {
    const { redirectUri, appPath } = await loadAt('http://localhost:3001/demo-app/');
    expect(redirectUri).toBe('http://localhost:3001/demo-app');
    expect(appPath).toBe('/demo-app/');
  });
});

describe('restoreCallbackAddress', () => {
  it('puts an authorization response that arrived at /demo-app/ back at the redirect URI, keeping query and hash', async () => {
    const { restoreCallbackAddress, replaced } = await loadAt('http://localhost:3001/demo-app/?code=abc&state=xyz#top');
    restoreCallbackAddress();
    expect(replaced).toEqual(['/demo-app?code=abc&state=xyz#top']);
  });

  it('does the same for an error response', async () => {
    const { restoreCallbackAddress, replaced } = await loadAt('http://localhost:3001/demo-app/?error=access_denied');
    restoreCallbackAddress();
    expect(replaced).toEqual(['/demo-app?error=access_denied']);
  });

  it('leaves any other address alone', async () => {
    for (const address of [
      'http://localhost:3001/demo-app/',
      'http://localhost:3001/demo-app/?page=2',
      'http://localhost:3001/demo-app/other?code=abc',
    ]) {
      const { restoreCallbackAddress, replaced } = await loadAt(address);
      restoreCallbackAddress();
      expect(replaced, address).toEqual([]);
    }
  });
});
