import { pathToFileURL } from 'node:url';

// The Node flags the stack runs with beyond the memory ones: printed for the root `start` script
// (`node $(node packages/launcher/src/node-flags.mjs) …`, plain JavaScript so that it starts fast),
// and given by the launcher to the services it starts separately (stack.ts).
//
// AsyncLocalStorage (oidc-provider keeps each request's context in one) costs a promise hook on
// every promise while it is on the async_hooks implementation. Node 22 can back it with
// AsyncContextFrame instead, behind --experimental-async-context-frame; Node 24 does so by default
// and refuses that flag, so it is given only where this Node accepts it. Measured with `pnpm bench`
// in one process, ten alternating pairs of runs on a noisy host: less CPU per userinfo request in
// eight (median 16 % less), per introspection in seven, about even in the others.
const asyncContextFrameFlag = '--experimental-async-context-frame';

export const runtimeFlags = process.allowedNodeEnvironmentFlags.has(asyncContextFrameFlag) ? [asyncContextFrameFlag] : [];

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) console.log(runtimeFlags.join(' '));
