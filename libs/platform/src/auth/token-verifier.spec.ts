import { createSecretKey } from 'node:crypto';
import { exportPKCS8, exportSPKI, generateKeyPair, SignJWT } from 'jose';
import { mintToken, ttlSecondsOf } from './mint-token';
import { TokenVerifier } from './token-verifier';

const secret = 'a-local-development-secret-of-32-chars+';

describe('TokenVerifier', () => {
  it('accepts an HS256 token and yields the actor with its known roles only', async () => {
    const token = await mintToken({
      sub: 'clerk-7',
      roles: ['billing-clerk', 'root' as never],
      secret,
    });
    await expect(new TokenVerifier({ JWT_SECRET: secret }).verify(token)).resolves.toEqual({
      id: 'clerk-7',
      roles: ['billing-clerk'],
    });
  });

  it.each(['RS256', 'ES256'] as const)(
    'accepts a %s token signed by the configured public key',
    async (alg) => {
      const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true });
      const token = await mintToken({
        sub: 'svc',
        roles: ['service'],
        privateKey: await exportPKCS8(privateKey),
        algorithm: alg,
      });
      const verifier = new TokenVerifier({
        JWT_PUBLIC_KEY: await exportSPKI(publicKey),
        JWT_ALGORITHM: alg,
      });
      await expect(verifier.verify(token)).resolves.toEqual({ id: 'svc', roles: ['service'] });
    },
  );

  it('refuses an HS256 token when a public key is configured (no algorithm confusion)', async () => {
    const { publicKey } = await generateKeyPair('RS256', { extractable: true });
    const pem = await exportSPKI(publicKey);
    const token = await mintToken({ sub: 'x', roles: ['billing-manager'], secret: pem });
    await expect(
      new TokenVerifier({ JWT_PUBLIC_KEY: pem, JWT_ALGORITHM: 'RS256' }).verify(token),
    ).rejects.toThrow();
  });

  it('checks issuer, audience and expiry', async () => {
    const verifier = new TokenVerifier({
      JWT_SECRET: secret,
      JWT_ISSUER: 'https://id',
      JWT_AUDIENCE: 'billing',
    });
    const good = await mintToken({
      sub: 'a',
      roles: ['auditor'],
      secret,
      issuer: 'https://id',
      audience: 'billing',
    });
    await expect(verifier.verify(good)).resolves.toMatchObject({ id: 'a' });
    const wrongIssuer = await mintToken({
      sub: 'a',
      roles: ['auditor'],
      secret,
      issuer: 'https://evil',
      audience: 'billing',
    });
    await expect(verifier.verify(wrongIssuer)).rejects.toThrow('ERR_JWT_CLAIM_VALIDATION_FAILED');
    const expired = await mintToken({
      sub: 'a',
      roles: ['auditor'],
      secret,
      issuer: 'https://id',
      audience: 'billing',
      ttl: '-2m',
    });
    await expect(verifier.verify(expired)).rejects.toThrow('ERR_JWT_EXPIRED');
  });

  describe('lifetime, issue time and not-before', () => {
    const now = Math.floor(Date.now() / 1_000);
    const hour = 3_600;
    /** A token with exactly these claims (or none of them), signed with the right key. */
    const signed = (claims: { iat?: number; exp?: number; nbf?: number }) =>
      new SignJWT({ roles: ['billing-clerk'], ...claims })
        .setSubject('clerk-1')
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .sign(createSecretKey(Buffer.from(secret, 'utf8')));
    const verifier = new TokenVerifier({ JWT_SECRET: secret });

    it('accepts a token of exactly the maximum lifetime (12 hours by default)', async () => {
      await expect(
        verifier.verify(await signed({ iat: now, exp: now + 12 * hour })),
      ).resolves.toMatchObject({ id: 'clerk-1' });
    });

    it('refuses a token valid for 100 years, or a second longer than the maximum', async () => {
      await expect(
        verifier.verify(await signed({ iat: now, exp: now + 100 * 365 * 24 * hour })),
      ).rejects.toThrow('ERR_JWT_LIFETIME_TOO_LONG');
      await expect(
        verifier.verify(await signed({ iat: now, exp: now + 12 * hour + 1 })),
      ).rejects.toThrow('ERR_JWT_LIFETIME_TOO_LONG');
    });

    it('honours a configured maximum', async () => {
      const strict = new TokenVerifier({ JWT_SECRET: secret, JWT_LIFETIME_SECONDS_MAX: 900 });
      await expect(strict.verify(await signed({ iat: now, exp: now + 901 }))).rejects.toThrow(
        'ERR_JWT_LIFETIME_TOO_LONG',
      );
      await expect(strict.verify(await signed({ iat: now, exp: now + 900 }))).resolves.toBeTruthy();
    });

    it('refuses a token issued in the future beyond the clock skew, not one within it', async () => {
      const yearAhead = now + 365 * 24 * hour;
      await expect(
        verifier.verify(await signed({ iat: yearAhead, exp: yearAhead + hour })),
      ).rejects.toThrow('ERR_JWT_ISSUED_IN_FUTURE');
      await expect(
        verifier.verify(await signed({ iat: now + 120, exp: now + hour })),
      ).rejects.toThrow('ERR_JWT_ISSUED_IN_FUTURE');
      await expect(
        verifier.verify(await signed({ iat: now + 10, exp: now + hour })),
      ).resolves.toBeTruthy();
    });

    it('refuses a token without exp or without iat', async () => {
      await expect(verifier.verify(await signed({ iat: now }))).rejects.toThrow(
        'ERR_JWT_CLAIM_VALIDATION_FAILED',
      );
      await expect(verifier.verify(await signed({ exp: now + hour }))).rejects.toThrow(
        'ERR_JWT_CLAIM_VALIDATION_FAILED',
      );
    });

    it('honours nbf: not before it, beyond the skew', async () => {
      await expect(
        verifier.verify(await signed({ iat: now, nbf: now + 600, exp: now + hour })),
      ).rejects.toThrow('ERR_JWT_CLAIM_VALIDATION_FAILED');
      await expect(
        verifier.verify(await signed({ iat: now, nbf: now - 5, exp: now + hour })),
      ).resolves.toBeTruthy();
    });

    it('mints no token the verifier would refuse', async () => {
      await expect(mintToken({ sub: 'a', roles: ['auditor'], secret, ttl: '13h' })).rejects.toThrow(
        /ttl must be 1\.\.43200/,
      );
      await expect(
        mintToken({ sub: 'a', roles: ['auditor'], secret, ttl: 100 * 365 * 86_400 }),
      ).rejects.toThrow(/ttl must be/);
      await expect(
        mintToken({ sub: 'a', roles: ['auditor'], secret, ttl: '8 years' as never }),
      ).rejects.toThrow(/ttl must be/);
      const longest = await mintToken({ sub: 'a', roles: ['auditor'], secret, ttl: '12h' });
      await expect(verifier.verify(longest)).resolves.toMatchObject({ id: 'a' });
      expect(ttlSecondsOf('15m')).toBe(900);
      expect(ttlSecondsOf('-2m')).toBe(-120);
    });
  });
});
