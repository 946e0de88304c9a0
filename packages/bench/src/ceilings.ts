// This machine's limits, measured in the same run as the paths so that each figure can be read as
// a fraction of what the hardware allows: ES256 signatures per second on one core (a token
// response signs one JWT), argon2id hashes per second with the service's parameters on all cores
// (a password sign-in verifies one), and a bare Fastify route through the same load generator.
import { generateKeyPairSync, sign } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { hashPassword } from '@idp/password';

export type Ceilings = { es256PerSecond: number; argon2idPerSecond: number; argon2idSerialPerSecond: number };

/** Synchronous signing on this thread: one core's worth, as one service process has. */
export function measureEs256(seconds = 2): number {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const header = Buffer.from(JSON.stringify({ alg: 'ES256', typ: 'at+jwt', kid: 'bench' })).toString('base64url');
  const claims = Buffer.from(
    JSON.stringify({
      iss: 'http://localhost:3001/oidc',
      sub: 'a1b2c3',
      aud: 'https://api.example.com',
      scope: 'read write',
      iat: 1,
      exp: 2,
      jti: 'x'.repeat(21),
    }),
  ).toString('base64url');
  const input = Buffer.from(`${header}.${claims}`);
  for (let index = 0; index < 200; index += 1) sign('sha256', input, { key: privateKey, dsaEncoding: 'ieee-p1363' });
  const started = performance.now();
  const deadline = started + seconds * 1000;
  let count = 0;
  while (performance.now() < deadline) {
    for (let index = 0; index < 50; index += 1) sign('sha256', input, { key: privateKey, dsaEncoding: 'ieee-p1363' });
    count += 50;
  }
  return Math.round(count / ((performance.now() - started) / 1000));
}

/** argon2id hashes per second, `concurrency` at a time (the library hashes on its thread pool). */
export async function measureArgon2id(concurrency: number, seconds = 3): Promise<number> {
  await hashPassword('warm-up');
  const started = performance.now();
  const deadline = started + seconds * 1000;
  let count = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        await hashPassword('correct horse battery staple');
        count += 1;
      }
    }),
  );
  return Math.round((count / ((performance.now() - started) / 1000)) * 10) / 10;
}

export async function measureCpuCeilings(): Promise<Ceilings> {
  const es256PerSecond = measureEs256();
  const argon2idSerialPerSecond = await measureArgon2id(1, 2);
  const argon2idPerSecond = await measureArgon2id(availableParallelism() * 2);
  return { es256PerSecond, argon2idPerSecond, argon2idSerialPerSecond };
}
