/** An account's data key as the key store holds it. */
export type DataKey =
  | { state: 'active'; key: Buffer }
  /** Destroyed by an erasure: never readable again, never re-created. */
  | { state: 'erased' };

/**
 * Where the per-account data keys live. The SQL adapter wraps them with a master key from the
 * environment; a KMS adapter (envelope encryption with the KMS's key) replaces it behind this port
 * without any change to the cipher or the event store decorator.
 */
export interface PersonalDataKeyStore {
  /** The key to encrypt with, created on the account's first personal field. */
  keyForWriting(billingAccountId: string): Promise<DataKey>;
  /** The key to decrypt with; null when the account never had one (or its row was lost). */
  keyForReading(billingAccountId: string): Promise<DataKey | null>;
  /**
   * Destroys the account's key for good. Idempotent. Resolves once this process can no longer
   * decrypt the account's fields; other processes drop their cached copy within `cacheTtlMs`.
   */
  destroy(billingAccountId: string, erasedAt: string): Promise<void>;
}

export const PERSONAL_DATA_KEY_STORE = Symbol('PERSONAL_DATA_KEY_STORE');
