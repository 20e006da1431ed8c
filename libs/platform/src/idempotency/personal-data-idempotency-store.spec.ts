import { randomBytes } from 'node:crypto';
import {
  PersonalDataCipher,
  type DataKey,
  type PersonalDataKeyStore,
} from '@billing/personal-data';
import { InMemoryIdempotencyStore } from './in-memory-idempotency-store.adapter';
import { PersonalDataIdempotencyStore } from './personal-data-idempotency-store';

/** Keys in memory: enough to show what a stored response holds before and after an erasure. */
class MemoryKeyStore implements PersonalDataKeyStore {
  private readonly keys = new Map<string, DataKey>();
  async keyForWriting(id: string): Promise<DataKey> {
    const key = this.keys.get(id) ?? { state: 'active', key: randomBytes(32) };
    this.keys.set(id, key);
    return key;
  }
  async keyForReading(id: string): Promise<DataKey | null> {
    return this.keys.get(id) ?? null;
  }
  async destroy(id: string): Promise<void> {
    this.keys.set(id, { state: 'erased' });
  }
}

describe('stored idempotent responses with personal fields', () => {
  const options = { ttlMs: 86_400_000, leaseMs: 30_000 };
  const ref = { scope: 'disputes', key: 'k-1', fingerprint: 'f-1' };
  const opened = {
    disputeId: 'd-1',
    billingAccountId: 'acc-1',
    amount: '120.00',
    customerStatement: 'Ottoline Brackwater says the meter was never read',
    timeline: [{ type: 'DisputeNoteAdded', text: 'called Ottoline on 0171 555 0199' }],
  };

  async function completed() {
    const inner = new InMemoryIdempotencyStore();
    const keys = new MemoryKeyStore();
    const store = new PersonalDataIdempotencyStore(inner, new PersonalDataCipher(keys));
    expect(await store.begin(ref, options)).toEqual({ outcome: 'started' });
    await store.complete(ref, { status: 201, headers: {}, body: opened });
    return { inner, keys, store };
  }

  it('keeps the personal fields as pd:v1 ciphertext and replays them in clear', async () => {
    const { inner, store } = await completed();
    const raw = await inner.begin(ref, options);
    const stored = JSON.stringify(raw);
    expect(stored).not.toContain('Ottoline');
    expect(stored).toContain('"customerStatement":"pd:v1:');
    expect(stored).toContain('"amount":"120.00"');
    expect(await store.begin(ref, options)).toEqual({
      outcome: 'replay',
      response: { status: 201, headers: {}, body: opened },
    });
  });

  it('replays [erased] in their place once the account is erased, the rest unchanged', async () => {
    const { keys, store } = await completed();
    await keys.destroy('acc-1');
    expect(await store.begin(ref, options)).toEqual({
      outcome: 'replay',
      response: {
        status: 201,
        headers: {},
        body: {
          ...opened,
          customerStatement: '[erased]',
          timeline: [{ type: 'DisputeNoteAdded', text: '[erased]' }],
        },
      },
    });
  });
});
