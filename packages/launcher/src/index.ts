export { loadLauncherConfig, LauncherConfigSchema, repoRoot, type LauncherConfig } from './config.ts';
export { openDatabase, prepareDatabase } from './database.ts';
export { backendServices, startStack, type RunningStack } from './stack.ts';
export { launcherScript, startScriptNodeFlags } from './start-command.ts';
