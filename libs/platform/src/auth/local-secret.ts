import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The HS256 secret of the local (embedded) system: `JWT_SECRET` when set, otherwise a random one
 * generated on first use and kept in `.data/local-jwt-secret` (git-ignored, mode 0600), so
 * `npm start` and `npm run token` agree without a secret in the repository.
 */
export function localJwtSecret(
  dataDir = path.resolve(process.env['DATA_DIR'] ?? path.resolve(__dirname, '../../../../.data')),
): string {
  const fromEnv = process.env['JWT_SECRET'];
  if (fromEnv) return fromEnv;
  const file = path.join(dataDir, 'local-jwt-secret');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(dataDir, { recursive: true });
    fs.writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600, flag: 'wx' });
  }
  return fs.readFileSync(file, 'utf8').trim();
}
