import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { SqlExecutor } from '@billing/event-store';
import type { MasterKey } from './master-key';
import type { DataKey, PersonalDataKeyStore } from './personal-data-key-store.port';

export interface SqlKeyStoreOptions {
  db: SqlExecutor;
  masterKey: MasterKey;
  /**
   * How long an active key is kept in memory. Bounds how long another process (the stack runs one
   * per service) may still decrypt after an erasure; the erasing process forgets at once.
   */
  cacheTtlMs?: number;
  /** Keys kept in memory at most (oldest forgotten first). */
  cacheSizeMax?: number;
  now?: () => number;
}

interface KeyRow {
  wrapped_key: string | null;
  master_key_id: string;
}

const ivBytes = 12;
const tagBytes = 16;

/**
 * Data keys in `personal_data.data_keys` (PostgreSQL or PGlite), each wrapped by the master key
 * with AES-256-GCM and the account id as additional data, so a wrapped key copied onto another
 * account's row does not open.
 */
export class SqlPersonalDataKeyStore implements PersonalDataKeyStore {
  private readonly cache = new Map<string, { key: DataKey; expiresAtMs: number }>();
  private readonly cacheTtlMs: number;
  private readonly cacheSizeMax: number;
  private readonly now: () => number;

  constructor(private readonly options: SqlKeyStoreOptions) {
    this.cacheTtlMs = options.cacheTtlMs ?? 5_000;
    this.cacheSizeMax = options.cacheSizeMax ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  async keyForWriting(billingAccountId: string): Promise<DataKey> {
    const known = await this.keyForReading(billingAccountId);
    if (known !== null) return known;
    const { masterKey, db } = this.options;
    const wrapped = wrap(randomBytes(32), masterKey.key, billingAccountId);
    // Two writers creating the account's first key at once: the first insert wins, both use it.
    await db.query(
      `INSERT INTO personal_data.data_keys (billing_account_id, wrapped_key, master_key_id)
       VALUES ($1, $2, $3) ON CONFLICT (billing_account_id) DO NOTHING`,
      [billingAccountId, wrapped, masterKey.id],
    );
    const created = await this.keyForReading(billingAccountId);
    if (created === null) throw new Error(`no data key for billing account ${billingAccountId}`);
    return created;
  }

  async keyForReading(billingAccountId: string): Promise<DataKey | null> {
    const cached = this.cache.get(billingAccountId);
    if (cached && cached.expiresAtMs > this.now()) return cached.key;
    const { rows } = await this.options.db.query<KeyRow>(
      `SELECT wrapped_key, master_key_id FROM personal_data.data_keys WHERE billing_account_id = $1`,
      [billingAccountId],
    );
    const row = rows[0];
    if (!row) return null;
    const key = this.unwrapRow(billingAccountId, row);
    this.remember(billingAccountId, key);
    return key;
  }

  async destroy(billingAccountId: string, erasedAt: string): Promise<void> {
    const { db, masterKey } = this.options;
    // A tombstone even for an account that never had a key: none is ever created afterwards.
    await db.query(
      `INSERT INTO personal_data.data_keys (billing_account_id, wrapped_key, master_key_id, erased_at)
       VALUES ($1, NULL, $2, $3::timestamptz)
       ON CONFLICT (billing_account_id) DO UPDATE
         SET wrapped_key = NULL, erased_at = coalesce(personal_data.data_keys.erased_at, EXCLUDED.erased_at)`,
      [billingAccountId, masterKey.id, erasedAt],
    );
    this.remember(billingAccountId, { state: 'erased' });
  }

  private unwrapRow(billingAccountId: string, row: KeyRow): DataKey {
    if (row.wrapped_key === null) return { state: 'erased' };
    const { masterKey } = this.options;
    if (row.master_key_id !== masterKey.id)
      throw new Error(
        `the data key of billing account ${billingAccountId} is wrapped by master key ` +
          `${row.master_key_id}, this process has ${masterKey.id}: set PERSONAL_DATA_MASTER_KEY ` +
          '(or PERSONAL_DATA_MASTER_KEY_FILE) to the key the system was started with',
      );
    return { state: 'active', key: unwrap(row.wrapped_key, masterKey.key, billingAccountId) };
  }

  private remember(billingAccountId: string, key: DataKey): void {
    this.cache.delete(billingAccountId);
    if (this.cache.size >= this.cacheSizeMax) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
    // An erasure is for good: no need to ask the table again.
    const ttlMs = key.state === 'erased' ? Number.POSITIVE_INFINITY : this.cacheTtlMs;
    this.cache.set(billingAccountId, { key, expiresAtMs: this.now() + ttlMs });
  }
}

function wrap(dataKey: Buffer, masterKey: Buffer, billingAccountId: string): string {
  const iv = randomBytes(ivBytes);
  const cipher = createCipheriv('aes-256-gcm', masterKey, iv);
  cipher.setAAD(Buffer.from(billingAccountId, 'utf8'));
  const body = Buffer.concat([cipher.update(dataKey), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64');
}

function unwrap(wrapped: string, masterKey: Buffer, billingAccountId: string): Buffer {
  const bytes = Buffer.from(wrapped, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', masterKey, bytes.subarray(0, ivBytes));
  decipher.setAAD(Buffer.from(billingAccountId, 'utf8'));
  decipher.setAuthTag(bytes.subarray(bytes.length - tagBytes));
  try {
    return Buffer.concat([
      decipher.update(bytes.subarray(ivBytes, bytes.length - tagBytes)),
      decipher.final(),
    ]);
  } catch {
    throw new Error(
      `the data key of billing account ${billingAccountId} does not open with the master key`,
    );
  }
}
