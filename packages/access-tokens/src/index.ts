// Verifies the JWT access tokens the tenants' OpenID Providers issue for API resources, for
// services that protect an API (the Management API today). One job: token in, trusted claims out.
export { createAccessTokenVerifier, type AccessTokenVerifier, type VerifiedAccessToken } from './verifier.ts';
export { createTenantKeyCache, type TenantKeyCache } from './tenant-keys.ts';
