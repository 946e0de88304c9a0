// oidc-provider asks its adapter for `Client` too, but clients live in the `applications` table
// and are read elsewhere. This adapter only forwards lookups; writes would mean dynamic client
// registration, which is off, so they fail loudly instead of storing a client nobody reads.
import type { Adapter, AdapterPayload } from 'oidc-provider';

export type FindClient = (id: string) => Promise<AdapterPayload | undefined>;

function unsupported(operation: string): never {
  throw new Error(`Client.${operation} is not supported: clients are read from applications`);
}

export function createClientAdapter(findClient?: FindClient): Adapter {
  return {
    async find(id) {
      return findClient ? findClient(id) : undefined;
    },
    async findByUid() {
      return undefined;
    },
    async findByUserCode() {
      return undefined;
    },
    async upsert() {
      unsupported('upsert');
    },
    async consume() {
      unsupported('consume');
    },
    async destroy() {
      unsupported('destroy');
    },
    async revokeByGrantId() {
      unsupported('revokeByGrantId');
    },
  };
}
