import { exportPKCS8, exportSPKI, generateKeyPair } from 'jose';
import { mintToken } from './mint-token';
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
});
