import { createSecretKey } from 'node:crypto';
import { importPKCS8, SignJWT } from 'jose';
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
  /** Lifetime: seconds, or a jose span such as `'15m'`, `'8h'`. Default one hour. */
  ttl?: number | string;
  issuer?: string;
  audience?: string;
}

/** Lifetime a minted token may have at most, so a leaked development token dies soon. */
const ttlSecondsMax = 7 * 86_400;

/**
 * A signed bearer token for local use, tests and service-to-service calls (`npm run token`).
 * Production tokens come from the identity provider; this mints the same shape.
 */
export async function mintToken(options: MintTokenOptions): Promise<string> {
  if (!options.sub) throw new Error('mintToken: sub is required');
  const ttl = options.ttl ?? 3_600;
  if (typeof ttl === 'number' && (!Number.isInteger(ttl) || ttl <= 0 || ttl > ttlSecondsMax)) {
    throw new Error(`mintToken: ttl must be 1..${ttlSecondsMax} seconds`);
  }
  let jwt = new SignJWT({ roles: options.roles })
    .setSubject(options.sub)
    .setIssuedAt()
    // A number would be read by jose as an absolute time, so seconds become a span.
    .setExpirationTime(typeof ttl === 'number' ? `${ttl}s` : ttl);
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
