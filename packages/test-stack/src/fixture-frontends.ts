import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

export type FrontendDists = { ui: string; console: string; demoApp: string; remove(): Promise<void> };

// Tiny stand-ins for the three built apps, each marked so a test can tell which one answered; they
// keep the gateway's routing tests independent of the Vite builds.
export async function createFixtureFrontends(): Promise<FrontendDists> {
  const root = await mkdtemp(path.join(tmpdir(), 'idp-frontends-'));
  const make = async (name: string) => {
    const dir = path.join(root, name);
    await mkdir(path.join(dir, 'assets'), { recursive: true });
    await writeFile(path.join(dir, 'index.html'), `<!doctype html><title>${name}</title><div id="root" data-app="${name}"></div>`);
    await writeFile(path.join(dir, 'assets', `${name}-abc123.js`), `console.log(${JSON.stringify(name)});`);
    return dir;
  };
  return {
    ui: await make('ui'),
    console: await make('console'),
    demoApp: await make('demo-app'),
    remove: () => rm(root, { recursive: true, force: true }),
  };
}
