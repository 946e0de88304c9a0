// Builds the service in the current folder into one ESM file, dist/main.js, that plain `node` runs.
// Workspace packages (@idp/*) are TypeScript source and get bundled in; npm dependencies stay
// external and load from node_modules as usual.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { build } from 'esbuild';

const pkg = JSON.parse(await readFile('package.json', 'utf8'));
const requireFromService = createRequire(path.resolve('package.json'));
const packageName = (specifier) =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');

await build({
  entryPoints: ['src/main.ts'],
  outfile: 'dist/main.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  sourcemap: true,
  logLevel: 'warning',
  plugins: [
    {
      name: 'external-npm-dependencies',
      setup(builder) {
        builder.onResolve({ filter: /^[^./]/ }, (args) => {
          if (args.path.startsWith('@idp/')) return undefined;
          if (args.path.startsWith('node:')) return { path: args.path, external: true };
          // The bundle loads its dependencies from the service's own node_modules, so a package a
          // bundled workspace package uses must be a dependency of the service too.
          try {
            requireFromService.resolve(`${packageName(args.path)}/package.json`);
          } catch {
            try {
              requireFromService.resolve(args.path);
            } catch {
              return { errors: [{ text: `${packageName(args.path)} is used by ${args.importer} but is not a dependency of ${pkg.name}` }] };
            }
          }
          return { path: args.path, external: true };
        });
      },
    },
  ],
});
console.log(`${pkg.name}: dist/main.js`);
