import type { IntegrationEventsFactory } from '@billing/read-models';
import type { PersonalDataCipher } from './personal-data.cipher';

/**
 * Other contexts' events arrive as stored (Kafka carries ciphertext); a consumer's handler sees
 * them decrypted through the same key store, or `[erased]` once the account was erased.
 */
export function decryptingIntegrationEvents(
  factory: IntegrationEventsFactory,
  cipher: PersonalDataCipher,
): IntegrationEventsFactory {
  return (subscription) =>
    factory({
      ...subscription,
      handle: async (event, db) => subscription.handle(await cipher.decryptEvent(event), db),
    });
}
