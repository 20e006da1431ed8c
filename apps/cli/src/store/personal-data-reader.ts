import type { RecordedEvent, SqlEventStore } from '@billing/event-store';
import {
  PersonalDataCipher,
  resolveMasterKey,
  SqlPersonalDataKeyStore,
} from '@billing/personal-data';
import { infrastructureError } from '../shared/exit-codes';
import { defaultDataDir, type Connection } from './connection';

export type PersonalDataReader = <E extends RecordedEvent>(event: E) => Promise<E>;

/**
 * Events as the services see them: personal fields decrypted with the master key the system runs
 * with (`PERSONAL_DATA_MASTER_KEY`, `..._FILE`, or the one `npm start` generated into the data
 * directory), `[erased]` for an erased account. A store that never had a key table holds no
 * ciphertext, so its events are passed on as they are.
 */
export async function personalDataReader(
  store: SqlEventStore,
  connection: Connection,
): Promise<PersonalDataReader> {
  const { rows } = await store.backend.query<{ present: boolean }>(
    `SELECT to_regclass('personal_data.data_keys') IS NOT NULL AS present`,
  );
  if (!rows[0]?.present) return async (event) => event;
  const dataDir =
    connection.kind === 'embedded' ? connection.dataDir : process.env['DATA_DIR'] || defaultDataDir;
  const cipher = new PersonalDataCipher(
    new SqlPersonalDataKeyStore({
      db: store.backend,
      masterKey: resolveMasterKey(process.env, dataDir),
    }),
  );
  return async (event) => {
    try {
      return await cipher.decryptEvent(event);
    } catch (error) {
      throw infrastructureError(`cannot read personal data: ${(error as Error).message}`);
    }
  };
}
