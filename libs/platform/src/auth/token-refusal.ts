/**
 * Why a token was refused, in words a newcomer can act on. The reasons are jose's error codes
 * and the verifier's own; none of them says anything about the token's contents.
 */
const reasons: Record<string, string> = {
  ERR_JWS_SIGNATURE_VERIFICATION_FAILED:
    "The token's signature does not match this system's key. Locally, mint it with the same " +
    'DATA_DIR (or JWT_SECRET) as the running system: npm run token reads them as npm start does.',
  ERR_JWT_EXPIRED: 'The token has expired; mint a new one.',
  ERR_JWT_CLAIM_VALIDATION_FAILED:
    'The token is missing a required claim (sub, exp, iat), is not valid yet (nbf), or names another issuer or audience.',
  ERR_JWT_ISSUED_IN_FUTURE: 'The token says it was issued in the future.',
  ERR_JWT_LIFETIME_TOO_LONG:
    'The token lives longer than this system accepts (12 h unless configured).',
  ERR_JOSE_ALG_NOT_ALLOWED: 'The token is signed with an algorithm this system does not accept.',
};

export function tokenRefusal(code: string): string {
  return `A valid bearer token is required. ${reasons[code] ?? 'The token could not be read as a signed JWT.'}`;
}
