// Time-based one-time codes (RFC 6238: SHA-1, 6 digits, 30 s), as every authenticator app makes.
import { Secret, TOTP } from 'otpauth';

const period = 30;

export const generateTotpSecret = () => new Secret({ size: 20 }).base32;

export const totpUri = (secret: string, issuer: string, account: string) =>
  new TOTP({ issuer, label: account, secret: Secret.fromBase32(secret), period }).toString();

/**
 * The time step the code belongs to, or undefined. One step either side is accepted (clock drift),
 * and a step at or before `lastUsedStep` is refused, so a code works once.
 */
export function matchTotp(secret: string, code: string, now: Date, lastUsedStep = -1): number | undefined {
  if (!/^\d{6}$/.test(code)) return undefined;
  const totp = new TOTP({ secret: Secret.fromBase32(secret), period });
  const delta = totp.validate({ token: code, timestamp: now.getTime(), window: 1 });
  if (delta === null) return undefined;
  const step = Math.floor(now.getTime() / 1000 / period) + delta;
  return step > lastUsedStep ? step : undefined;
}

/** Whether a secret sent to be bound is one an authenticator app can use: base32, 80 to 640 bits. */
export const isTotpSecret = (secret: string) => /^[A-Z2-7]{16,128}=*$/.test(secret);
