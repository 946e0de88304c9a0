// A write that refers to a row another request deletes at the same moment: the check before the
// insert passes, the row is gone when the insert runs, and PostgreSQL's foreign key refuses it.
// The client must get Logto's "does not exist" answer (or success, had it won the race), never a 500.
import { generateId } from '@idp/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startManagementTest, type ManagementTest } from './test-stack.ts';

let test: ManagementTest;
beforeAll(async () => {
  test = await startManagementTest();
});
afterAll(async () => test?.stack.stop());

const unique = (prefix: string) => `${prefix}-${generateId().slice(0, 10).toLowerCase()}`;
const tries = 40;

type Race = {
  name: string;
  /** Creates the parent and whatever the write needs; returns the two racing requests. */
  prepare(): Promise<{ write: () => ReturnType<ManagementTest['call']>; remove: () => ReturnType<ManagementTest['call']> }>;
  writeStatuses: number[];
};

const races: Race[] = [
  {
    name: 'POST /api/resources/:id/scopes against DELETE /api/resources/:id',
    async prepare() {
      const indicator = `https://${unique('race')}.example.com`;
      const { body } = await test.call('POST', '/api/resources', { name: indicator, indicator });
      const { id } = body as { id: string };
      return {
        write: () => test.call('POST', `/api/resources/${id}/scopes`, { name: unique('scope') }),
        remove: () => test.call('DELETE', `/api/resources/${id}`),
      };
    },
    writeStatuses: [201, 404],
  },
  {
    name: 'POST /api/roles/:id/users against DELETE /api/roles/:id',
    async prepare() {
      const { body: role } = await test.call('POST', '/api/roles', { name: unique('role'), description: 'race' });
      const { body: user } = await test.call('POST', '/api/users', { username: unique('user').replace(/-/g, '_') });
      const roleId = (role as { id: string }).id;
      return {
        write: () => test.call('POST', `/api/roles/${roleId}/users`, { userIds: [(user as { id: string }).id] }),
        remove: () => test.call('DELETE', `/api/roles/${roleId}`),
      };
    },
    writeStatuses: [201, 404],
  },
  {
    name: 'POST /api/users/:id/roles against DELETE /api/users/:id',
    async prepare() {
      const { body: role } = await test.call('POST', '/api/roles', { name: unique('role'), description: 'race' });
      const { body: user } = await test.call('POST', '/api/users', { username: unique('user').replace(/-/g, '_') });
      const userId = (user as { id: string }).id;
      return {
        write: () => test.call('POST', `/api/users/${userId}/roles`, { roleIds: [(role as { id: string }).id] }),
        remove: () => test.call('DELETE', `/api/users/${userId}`),
      };
    },
    writeStatuses: [201, 404],
  },
  {
    name: 'POST /api/applications/:id/secrets against DELETE /api/applications/:id',
    async prepare() {
      const { body } = await test.call('POST', '/api/applications', { name: unique('app'), type: 'MachineToMachine' });
      const { id } = body as { id: string };
      return {
        write: () => test.call('POST', `/api/applications/${id}/secrets`, { name: unique('secret') }),
        remove: () => test.call('DELETE', `/api/applications/${id}`),
      };
    },
    writeStatuses: [201, 404],
  },
];

describe('a write racing the deletion of the row it refers to', () => {
  for (const race of races) {
    it(`${race.name}: answers success or 404, never 500`, async () => {
      for (let attempt = 0; attempt < tries; attempt += 1) {
        const { write, remove } = await race.prepare();
        const [written, removed] = await Promise.all([write(), remove()]);
        expect(race.writeStatuses, JSON.stringify(written.body)).toContain(written.status);
        expect(removed.status).toBe(204);
        if (written.status === 404) expect(written.body).toMatchObject({ code: 'entity.not_exists_with_id' });
      }
    }, 120_000);
  }
});
