import { createSecretKey, type KeyObject } from 'node:crypto';
import { importJWK, importSPKI, jwtVerify, type JWTPayload } from 'jose';
import type { Actor } from '@billing/event-store';
import { defaultJwtLifetimeSecondsMax, type PlatformConfig } from '../config/platform-config';
import { isRole } from './roles';

/** Why a token was refused; said to the client in general terms only. */
export class InvalidToken extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'InvalidToken';
  }
}

type VerificationKey = KeyObject | Uint8Array | Awaited<ReturnType<typeof importSPKI>>;

/** Clock skew tolerated between the token issuer and us (exp, nbf and iat alike). */
const clockToleranceSeconds = 30;

type VerifierConfig = Pick<
  PlatformConfig,
  'JWT_SECRET' | 'JWT_PUBLIC_KEY' | 'JWT_ALGORITHM' | 'JWT_ISSUER' | 'JWT_AUDIENCE'
> &
  Partial<Pick<PlatformConfig, 'JWT_LIFETIME_SECONDS_MAX'>>;

/**
 * Verifies bearer JWTs with jose: signature with the one configured algorithm (HS256 with
 * JWT_SECRET, or RS256/ES256 with JWT_PUBLIC_KEY; never `none`, never the token's own choice),
 * `exp` and `iat` required, `nbf` honoured, issuer/audience when configured. A token whose
 * lifetime (`exp - iat`) exceeds JWT_LIFETIME_SECONDS_MAX, or that says it was issued in the
 * future, is refused: a 100-year token or one dated a year ahead is a forgery or a leak waiting
 * to happen. Yields the actor: subject and known roles.
 */
export class TokenVerifier {
  private keyPromise: Promise<VerificationKey> | undefined;
  private readonly algorithm: 'HS256' | 'RS256' | 'ES256';

  constructor(
    private readonly config: VerifierConfig,
    /** Seconds since the epoch; tests pass a fixed one. */
    private readonly nowSeconds: () => number = () => Math.floor(Date.now() / 1_000),
  ) {
    this.algorithm = config.JWT_SECRET ? 'HS256' : (config.JWT_ALGORITHM ?? 'RS256');
  }

  async verify(token: string): Promise<Actor> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, await this.key(), {
        algorithms: [this.algorithm],
        clockTolerance: clockToleranceSeconds,
        requiredClaims: ['sub', 'exp', 'iat'],
        currentDate: new Date(this.nowSeconds() * 1_000),
        ...(this.config.JWT_ISSUER ? { issuer: this.config.JWT_ISSUER } : {}),
        ...(this.config.JWT_AUDIENCE ? { audience: this.config.JWT_AUDIENCE } : {}),
      }));
    } catch (error) {
      throw new InvalidToken((error as { code?: string }).code ?? 'ERR_JWT_INVALID');
    }
    this.checkLifetime(payload);
    const claimed: unknown = payload['roles'];
    const roles = Array.isArray(claimed) ? claimed.filter(isRole) : [];
    return { id: payload.sub as string, roles };
  }

  /** jose has checked that `exp` and `iat` are numbers and `exp`/`nbf` against the clock. */
  private checkLifetime(payload: JWTPayload): void {
    const issuedAt = payload.iat as number;
    const expiresAt = payload.exp as number;
    const lifetimeMax = this.config.JWT_LIFETIME_SECONDS_MAX ?? defaultJwtLifetimeSecondsMax;
    if (issuedAt > this.nowSeconds() + clockToleranceSeconds)
      throw new InvalidToken('ERR_JWT_ISSUED_IN_FUTURE');
    if (expiresAt - issuedAt > lifetimeMax) throw new InvalidToken('ERR_JWT_LIFETIME_TOO_LONG');
  }

  /** Imported once, lazily: a bad key shows on the first request and in the readiness check. */
  private key(): Promise<VerificationKey> {
    this.keyPromise ??= this.importKey();
    return this.keyPromise;
  }

  private async importKey(): Promise<VerificationKey> {
    if (this.config.JWT_SECRET) return createSecretKey(Buffer.from(this.config.JWT_SECRET, 'utf8'));
    const text = (this.config.JWT_PUBLIC_KEY ?? '').trim();
    if (text.startsWith('{'))
      return importJWK(
        JSON.parse(text) as Record<string, unknown>,
        this.algorithm,
      ) as Promise<VerificationKey>;
    return importSPKI(text, this.algorithm);
  }
}
