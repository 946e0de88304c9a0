// Not exported from the package root: it needs @idp/db, which the gateway (no database) must not bundle.
import { listenForChanges, type Change, type ChangeListener } from '@idp/db';
import type { App } from './create-service.ts';

// A service that caches per-tenant data listens for change notifications from the moment it is
// ready until it closes; every service does it the same way, so it is written once here.
export type ServiceChangeListener = {
  /** The listener's barrier (ChangeListener.sync); undefined before the service is ready or after it closed. */
  sync(): Promise<void> | undefined;
};

export function listenForChangesWhileOpen(app: App, databaseUrl: string, onChange: (change: Change) => void): ServiceChangeListener {
  let listener: ChangeListener | undefined;
  app.addHook('onReady', async () => {
    listener = await listenForChanges(databaseUrl, onChange, {
      onError: (error) => app.log.warn({ err: error }, 'change listener'),
    });
  });
  app.addHook('onClose', async () => {
    const closing = listener;
    listener = undefined;
    await closing?.close();
  });
  return { sync: () => listener?.sync() };
}
