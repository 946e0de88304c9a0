import type { Db } from '@idp/db';
import type { App } from '@idp/server-kit';

export function registerRoleRoutes(app: App, db: Db): void {
  void app;
  void db;
}
