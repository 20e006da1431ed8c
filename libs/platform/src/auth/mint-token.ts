import { createSecretKey } from 'node:crypto';
import { importPKCS8, SignJWT } from 'jose';
import { defaultJwtLifetimeSecondsMax } from '../config/platform-config';
import type { Role } from './roles';

export interface MintTokenOptions {
  sub: string;
  roles: Role[];
  /** HS256 shared secret (local); give this or `privateKey`. */
  secret?: string;
  /** PKCS#8 PEM private key for RS256/ES256. */
  privateKey?: string;
  /** Algorithm for `privateKey`; RS256 unless told. */
  algorithm?: 'RS256' | 'ES256';
  /**
   * Lifetime: seconds, or a span such as `'15m'`, `'8h'` (a negative span such as `'-2m'` mints
   * an expired token, for tests). Default one hour; at most `lifetimeSecondsMax`.
   */
  ttl?: number | string;
  /** The verifier's JWT_LIFETIME_SECONDS_MAX; longer tokens are refused here. Default 12 hours. */
  lifetimeSecondsMax?: number;
  issuer?: string;
  audience?: string;
}

const secondsPer: Record<string, number> = { s: 1, m: 60, h: 3_600, d: 86_400 };

/** `90`, `'90s'`, `'15m'`, `'8h'`, `'1d'`, `'-2m'` as seconds; NaN for anything else. */
export function ttlSecondsOf(ttl: number | string): number {
  if (typeof ttl === 'number') return Number.isInteger(ttl) ? ttl : NaN;
  const match = /^(-?\d{1,7})\s*([smhd])$/.exec(ttl.trim());
  return match ? Number(match[1]) * (secondsPer[match[2] as string] as number) : NaN;
}

/**
 * A signed bearer token for local use, tests and service-to-service calls (`npm run token`).
 * Production tokens come from the identity provider; this mints the same shape (`sub`, `roles`,
 * `iat`, `exp`), never longer-lived than the verifier accepts.
 */
export async function mintToken(options: MintTokenOptions): Promise<string> {
  if (!options.sub) throw new Error('mintToken: sub is required');
  const ttlSeconds = ttlSecondsOf(options.ttl ?? 3_600);
  const lifetimeMax = options.lifetimeSecondsMax ?? defaultJwtLifetimeSecondsMax;
  const expiredOnPurpose = typeof options.ttl === 'string' && ttlSeconds < 0;
  if (
    !Number.isInteger(ttlSeconds) ||
    ttlSeconds > lifetimeMax ||
    (ttlSeconds <= 0 && !expiredOnPurpose)
  )
    throw new Error(`mintToken: ttl must be 1..${lifetimeMax} seconds (or a span such as 8h)`);
  const issuedAt = Math.floor(Date.now() / 1_000);
  let jwt = new SignJWT({ roles: options.roles })
    .setSubject(options.sub)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + ttlSeconds);
  if (options.issuer) jwt = jwt.setIssuer(options.issuer);
  if (options.audience) jwt = jwt.setAudience(options.audience);

  if (options.secret) {
    return jwt
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .sign(createSecretKey(Buffer.from(options.secret, 'utf8')));
  }
  if (options.privateKey) {
    const alg = options.algorithm ?? 'RS256';
    return jwt
      .setProtectedHeader({ alg, typ: 'JWT' })
      .sign(await importPKCS8(options.privateKey, alg));
  }
  throw new Error('mintToken: give secret (HS256) or privateKey (RS256/ES256)');
}
