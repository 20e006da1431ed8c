export { personalDataMigrations } from './personal-data.migrations';
export { resolveMasterKey, masterKeyOf, masterKeyBytes, type MasterKey } from './master-key';
export {
  PERSONAL_DATA_KEY_STORE,
  type DataKey,
  type PersonalDataKeyStore,
} from './personal-data-key-store.port';
export {
  SqlPersonalDataKeyStore,
  type SqlKeyStoreOptions,
} from './sql-personal-data-key-store.adapter';
export { PersonalDataCipher, ciphertextPrefix } from './personal-data.cipher';
export { PersonalDataEventStore } from './personal-data-event-store';
export { decryptingIntegrationEvents } from './decrypting-integration-events';
export {
  protectPersonalData,
  type PersonalDataProtection,
  type ProtectPersonalDataOptions,
} from './protect-personal-data';
