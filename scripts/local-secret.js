// Plain-Node twin of tools/local-secret.ts for the start scripts: JWT_SECRET, or the local
// secret generated once into .data/local-jwt-secret (git-ignored, mode 0600).
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

function localJwtSecretSync(
  dataDir = path.resolve(process.env.DATA_DIR || path.resolve(__dirname, '../.data')),
) {
  if (process.env.JWT_SECRET) return process.env.JWT_SECRET;
  const file = path.join(dataDir, 'local-jwt-secret');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(dataDir, { recursive: true });
    fs.writeFileSync(file, crypto.randomBytes(32).toString('base64url'), {
      mode: 0o600,
      flag: 'wx',
    });
  }
  return fs.readFileSync(file, 'utf8').trim();
}

module.exports = { localJwtSecretSync };
