// Key generation lives in @idp/oidc-keys; re-exported here for code that imported it from the seed.
export {
  generateCookieKey,
  generateKeySet,
  generateSigningKey,
  type SigningAlgorithm,
  type SigningKeyType,
  type StoredKey,
} from '@idp/oidc-keys';
