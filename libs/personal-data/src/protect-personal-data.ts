import type { EventStore, SqlExecutor } from '@billing/event-store';
import type { IntegrationEventsFactory } from '@billing/read-models';
import { decryptingIntegrationEvents } from './decrypting-integration-events';
import type { MasterKey } from './master-key';
import { PersonalDataCipher } from './personal-data.cipher';
import { PersonalDataEventStore } from './personal-data-event-store';
import type { PersonalDataKeyStore } from './personal-data-key-store.port';
import { SqlPersonalDataKeyStore } from './sql-personal-data-key-store.adapter';

/** The personal-data layer of one process: its key store, and the wrappers built on it. */
export interface PersonalDataProtection {
  keyStore: PersonalDataKeyStore;
  cipher: PersonalDataCipher;
  /** The store service modules are given; relays keep the inner one (stored form). */
  store: PersonalDataEventStore;
  /** Wraps a consumer factory so handlers see other contexts' events decrypted. */
  integrationEvents(factory: IntegrationEventsFactory): IntegrationEventsFactory;
}

export interface ProtectPersonalDataOptions {
  store: EventStore;
  /** Where `personal_data.data_keys` lives (the store's database). */
  db: SqlExecutor;
  masterKey: MasterKey;
  /** A KMS-backed key store in place of the SQL one. */
  keyStore?: PersonalDataKeyStore;
  cacheTtlMs?: number;
}

export function protectPersonalData(options: ProtectPersonalDataOptions): PersonalDataProtection {
  const keyStore =
    options.keyStore ??
    new SqlPersonalDataKeyStore({
      db: options.db,
      masterKey: options.masterKey,
      ...(options.cacheTtlMs !== undefined ? { cacheTtlMs: options.cacheTtlMs } : {}),
    });
  const cipher = new PersonalDataCipher(keyStore);
  return {
    keyStore,
    cipher,
    store: new PersonalDataEventStore(options.store, cipher),
    integrationEvents: (factory) => decryptingIntegrationEvents(factory, cipher),
  };
}
