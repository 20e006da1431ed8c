import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The key that wraps every account's data key, with a fingerprint to recognise it by. */
export interface MasterKey {
  key: Buffer;
  /** Names the key in the key table without revealing it: a mismatch is reported, not guessed. */
  id: string;
}

export const masterKeyBytes = 32;
const localFileName = 'personal-data-master-key';

export function masterKeyOf(key: Buffer): MasterKey {
  if (key.length !== masterKeyBytes)
    throw new Error(
      `the personal-data master key must be ${masterKeyBytes} bytes, got ${key.length}`,
    );
  const id = createHash('sha256')
    .update('billing personal-data master key id\0')
    .update(key)
    .digest('hex')
    .slice(0, 16);
  return { key, id };
}

/**
 * The master key: `PERSONAL_DATA_MASTER_KEY` (32 bytes, base64), else the file named by
 * `PERSONAL_DATA_MASTER_KEY_FILE`, else (local runs only) a random key generated on first use into
 * `<dataDir>/personal-data-master-key` (mode 0600), as the local JWT secret is. Production sets one
 * of the two variables: a key generated into a container's scratch directory would be lost with
 * it, and every personal field with it.
 */
export function resolveMasterKey(
  env: Record<string, string | undefined>,
  dataDir: string,
): MasterKey {
  const fromEnv = env['PERSONAL_DATA_MASTER_KEY'];
  if (fromEnv) return masterKeyOf(decodeBase64(fromEnv, 'PERSONAL_DATA_MASTER_KEY'));
  const file = env['PERSONAL_DATA_MASTER_KEY_FILE'];
  if (file) return masterKeyOf(decodeBase64(readKeyFile(file), file));
  return masterKeyOf(decodeBase64(localKeyFile(dataDir), path.join(dataDir, localFileName)));
}

function decodeBase64(text: string, source: string): Buffer {
  const trimmed = text.trim();
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed))
    throw new Error(`${source}: the personal-data master key must be base64`);
  const key = Buffer.from(trimmed, 'base64');
  if (key.length !== masterKeyBytes)
    throw new Error(
      `${source}: the personal-data master key must be ${masterKeyBytes} bytes of base64`,
    );
  return key;
}

function readKeyFile(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(
      `cannot read PERSONAL_DATA_MASTER_KEY_FILE ${file}: ${(error as Error).message}`,
    );
  }
}

function localKeyFile(dataDir: string): string {
  const file = path.join(dataDir, localFileName);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(dataDir, { recursive: true });
    // Written aside, then linked into place: the processes of the local stack start at once, and
    // none may read a half-written key. The first link wins; the others read the winner's key.
    const draft = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    fs.writeFileSync(draft, randomBytes(masterKeyBytes).toString('base64'), { mode: 0o600 });
    try {
      fs.linkSync(draft, file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      fs.unlinkSync(draft);
    }
  }
  return fs.readFileSync(file, 'utf8');
}
