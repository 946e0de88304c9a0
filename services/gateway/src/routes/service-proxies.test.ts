import { internalSecretHeader, tenantHeader } from '@idp/server-kit';
import type { FastifyRequest } from 'fastify';
import { describe, expect, it } from 'vitest';
import { forwardedHeaders, serviceRoutes } from './service-proxies.ts';

const request = {
  id: 'req-1',
  protocol: 'http',
  headers: { host: 'auth.example.com:3001' },
  socket: { remoteAddress: '10.0.0.5' },
} as unknown as FastifyRequest;

describe('forwardedHeaders', () => {
  it("replaces any client-sent internal header with the gateway's tenant and secret", () => {
    const headers = forwardedHeaders(
      request,
      {
        host: 'auth.example.com:3001',
        [tenantHeader]: 'admin',
        'X-IDP-Internal-Secret': 'guess',
        'x-idp-other': '1',
        accept: 'application/json',
      },
      'default',
      'the-real-secret',
    );
    expect(headers[tenantHeader]).toBe('default');
    expect(headers[internalSecretHeader]).toBe('the-real-secret');
    expect(headers).not.toHaveProperty('X-IDP-Internal-Secret');
    expect(headers).not.toHaveProperty('x-idp-other');
    expect(headers.accept).toBe('application/json');
  });

  it('tells the service the public host, scheme, client address and request id', () => {
    const headers = forwardedHeaders(request, { 'x-forwarded-for': '203.0.113.9' }, 'default', 'secret');
    expect(headers).toMatchObject({
      'x-forwarded-host': 'auth.example.com:3001',
      'x-forwarded-proto': 'http',
      'x-forwarded-for': '203.0.113.9, 10.0.0.5',
      'x-request-id': 'req-1',
    });
  });
});

describe('serviceRoutes', () => {
  it('routes experience and account prefixes to their services and the rest of /api to the Management API', () => {
    const routes = serviceRoutes({ oidc: 'o', managementApi: 'm', experienceApi: 'e', accountApi: 'a' });
    expect(Object.fromEntries(routes.map(({ prefix, upstream }) => [prefix, upstream]))).toEqual({
      '/oidc': 'o',
      '/api/experience': 'e',
      '/api/.well-known/experience.openapi.json': 'e',
      '/api/.well-known/user.openapi.json': 'a',
      '/api/interaction': 'e',
      '/api/my-account': 'a',
      '/api/verifications': 'a',
      '/user-assets': 'a',
      '/api': 'm',
    });
  });
});
