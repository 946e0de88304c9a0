import { createHash, timingSafeEqual } from 'node:crypto';
import { RequestError } from '@idp/errors';
import type { FastifyInstance, FastifyRequest } from 'fastify';

// The gateway decides the tenant from the listener a request arrived on and passes it on in
// `tenantHeader`, together with the deployment's internal secret. Services believe the tenant only
// when the secret matches, so a client that reaches a service directly cannot pick a tenant.
export const tenantHeader = 'x-idp-tenant-id';
export const internalSecretHeader = 'x-idp-internal-secret';
export const serviceHeader = 'x-idp-service';

declare module 'fastify' {
  interface FastifyRequest {
    tenantId: string;
  }
}

const digest = (value: string) => createHash('sha256').update(value).digest();

export function createSecretCheck(secret: string): (candidate: unknown) => boolean {
  const expected = digest(secret);
  // Comparing fixed-length digests keeps the comparison constant-time whatever the candidate's length.
  return (candidate) => typeof candidate === 'string' && timingSafeEqual(digest(candidate), expected);
}

export function registerTenantResolution(app: FastifyInstance, internalSecret: string, publicPrefixes: string[]): void {
  const isTrusted = createSecretCheck(internalSecret);
  app.decorateRequest('tenantId', '');
  app.addHook('onRequest', async (request: FastifyRequest) => {
    if (publicPrefixes.some((prefix) => request.url.startsWith(prefix))) {
      return;
    }
    const tenantId = request.headers[tenantHeader];
    if (!isTrusted(request.headers[internalSecretHeader]) || typeof tenantId !== 'string' || tenantId === '') {
      throw new RequestError('request.tenant_missing');
    }
    request.tenantId = tenantId;
  });
}
