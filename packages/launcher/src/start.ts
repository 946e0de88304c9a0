import { loadLauncherConfig } from './config.ts';
import { startStack } from './stack.ts';

// Entry of `pnpm start` (and `pnpm dev` with --dev): the whole stack in one terminal, stopped
// cleanly with Ctrl-C.
const began = Date.now();
const config = loadLauncherConfig();
const stack = await startStack(config, {
  dev: process.argv.includes('--dev'),
  ...(process.argv.includes('--services') ? { mode: 'services' as const } : {}),
});

console.log(`
Ready in ${((Date.now() - began) / 1000).toFixed(1)} s (${stack.mode === 'one-process' ? 'one process' : 'a process per service'}).
  User endpoint  (tenant default): ${stack.userUrl}
    sign-in UI ${stack.userUrl}/   demo app ${stack.userUrl}/demo-app   OIDC ${stack.userUrl}/oidc
  Admin endpoint (tenant admin):   ${stack.adminUrl}
    console    ${stack.adminUrl}/console
Press Ctrl-C to stop.`);

let stopping = false;
const shutdown = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping the stack…`);
  await stack.stop();
  console.log('stopped');
  process.exit(0);
};
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
