// The tenant's signing keys, signing in place with node:crypto.
//
// oidc-provider signs ID tokens and JWT access tokens through jose, and jose signs through WebCrypto:
// every signature is a job sent to libuv's thread pool and its result sent back to the event loop.
// On our 2-core host that round trip made an ES256 signature cost 110–150 µs of CPU, against
// 37–40 µs for the same signature made by node:crypto on the calling thread (a refresh makes two).
// oidc-provider's own extension point for keys it does not hold itself (`ExternalSigningKey`, with
// `features.externalSigningSupport`) hands us the bytes to sign; the keys, the JWS they produce
// (header, payload, signature encoding) and the published JWKS stay exactly as they were, and
// verification (ID token hints, JWKS consumers) is untouched.
import { createPrivateKey, createPublicKey, sign, type KeyObject } from 'node:crypto';
import { ExternalSigningKey } from 'oidc-provider';

type PrivateJwk = Record<string, unknown> & { kid?: unknown; alg?: unknown };

/** How node:crypto makes each JWS algorithm's signature: digest and, for ECDSA, JOSE's r‖s form. */
const signatureOptions: Record<string, { digest: string | null; ecdsa: boolean }> = {
  ES256: { digest: 'sha256', ecdsa: true },
  ES384: { digest: 'sha384', ecdsa: true },
  RS256: { digest: 'sha256', ecdsa: false },
  EdDSA: { digest: null, ecdsa: false },
};

export const supportedAlgorithms = Object.keys(signatureOptions);

class LocalSigningKey extends ExternalSigningKey {
  readonly #privateKey: KeyObject;
  readonly #publicKey: KeyObject;
  readonly #digest: string | null;
  readonly #ecdsa: boolean;
  readonly #kid: string;
  readonly #alg: string;

  constructor(jwk: PrivateJwk & { kid: string; alg: string }) {
    super();
    const options = signatureOptions[jwk.alg];
    if (!options) throw new Error(`signing key ${jwk.kid}: algorithm ${jwk.alg} is not supported`);
    this.#privateKey = createPrivateKey({ key: jwk as never, format: 'jwk' });
    this.#publicKey = createPublicKey(this.#privateKey);
    this.#digest = options.digest;
    this.#ecdsa = options.ecdsa;
    this.#kid = jwk.kid;
    this.#alg = jwk.alg;
  }

  override get kid(): string {
    return this.#kid;
  }

  override get alg(): string {
    return this.#alg;
  }

  override keyObject(): KeyObject {
    return this.#publicKey;
  }

  override sign(data: Buffer): Buffer {
    return this.#ecdsa
      ? sign(this.#digest, data, { key: this.#privateKey, dsaEncoding: 'ieee-p1363' })
      : sign(this.#digest, data, this.#privateKey);
  }
}

/**
 * The private JWKs as oidc-provider's `jwks.keys`, each signing with node:crypto. Needs
 * `features.externalSigningSupport` enabled (see externalSigningFeature).
 */
export function localSigningKeys(keys: readonly PrivateJwk[]): ExternalSigningKey[] {
  return keys.map((jwk) => {
    if (typeof jwk.kid !== 'string' || typeof jwk.alg !== 'string') throw new Error('a signing key needs its kid and alg');
    return new LocalSigningKey(jwk as PrivateJwk & { kid: string; alg: string });
  });
}

/** The feature flag, acknowledging the experimental version oidc-provider 9.13 implements. */
export const externalSigningFeature = { enabled: true, ack: 'experimental-01' } as const;
