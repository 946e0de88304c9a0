import type { App } from './create-service.ts';

export type RunOptions = {
  port: number;
  host: string;
  /** Called after the server has stopped taking and finished serving requests (e.g. close the DB pool). */
  onClosed?: () => Promise<void>;
};

// What every service's `main` does after building its app: listen, then on SIGTERM or SIGINT stop
// accepting connections, let in-flight requests finish, release resources and exit.
export async function runService(app: App, options: RunOptions): Promise<void> {
  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) {
      return;
    }
    stopping = true;
    app.log.info({ signal }, 'shutting down: draining in-flight requests');
    app.startDraining();
    try {
      await app.close();
      await options.onClosed?.();
      app.log.info('stopped');
      process.exit(0);
    } catch (error) {
      app.log.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);

  await app.listen({ port: options.port, host: options.host });
}
