import { randomUUID } from 'node:crypto';
import {
  createPgliteEventStore,
  verify,
  type NewEvent,
  type RecordedEvent,
  type SqlEventStore,
} from '@billing/event-store';
import { applySqlMigrationsWith } from '@billing/read-models';
import { masterKeyOf } from './master-key';
import { personalDataMigrations } from './personal-data.migrations';
import { protectPersonalData, type PersonalDataProtection } from './protect-personal-data';

const personal = {
  legalName: 'Zebulon Quist Ltd',
  billingContactName: 'Zebulon Quist',
  email: 'zebulon.quist@example.org',
  taxId: 'DE123456789',
};

function opened(id: string, eventId = randomUUID()): NewEvent {
  return {
    eventId,
    type: 'BillingAccountOpened',
    schemaVersion: 1,
    data: {
      billingAccountId: id,
      ...personal,
      address: { line1: '7 Quist Lane', city: 'Hamburg', postalCode: '20095', country: 'DE' },
      country: 'DE',
      currency: 'EUR',
      paymentTermsDays: 30,
      purchaseOrderRequired: false,
      openedAt: '2026-03-01T09:00:00.000Z',
    },
    metadata: {
      correlationId: 'c-1',
      causationId: null,
      actor: { id: 'clerk-1', roles: ['billing-clerk'] },
      service: 'invoicing',
    },
    occurredAt: '2026-03-01T09:00:00.000Z',
  };
}

async function storedEvents(store: SqlEventStore): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for await (const { event } of store.readAll()) events.push(event);
  return events;
}

async function readStream(
  protection: PersonalDataProtection,
  streamId: string,
): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for await (const event of protection.store.readStream(streamId)) events.push(event);
  return events;
}

// Opening PGlite takes seconds on a busy machine.
jest.setTimeout(120_000);

describe('personal data in the event store', () => {
  // One embedded store for the suite (opening PGlite is slow); each test has its own account.
  let inner: SqlEventStore;
  let protection: PersonalDataProtection;
  let accountId: string;
  const masterKey = masterKeyOf(Buffer.alloc(32, 7));

  beforeAll(async () => {
    inner = await createPgliteEventStore();
    await applySqlMigrationsWith(inner.backend, [personalDataMigrations]);
  });

  beforeEach(() => {
    accountId = `acc-${randomUUID()}`;
    protection = protectPersonalData({ store: inner, db: inner.backend, masterKey });
  });

  afterAll(() => inner.close());

  const ofAccount = (events: RecordedEvent[]) =>
    events.filter((e) => (e.data as { billingAccountId?: string }).billingAccountId === accountId);

  it('stores ciphertext, hands readers clear text, and keeps the rest of the event clear', async () => {
    await protection.store.appendToStream(`billingaccount-${accountId}`, [opened(accountId)], {
      expected: 'no_stream',
    });
    const raw = JSON.stringify(ofAccount(await storedEvents(inner)));
    for (const value of [...Object.values(personal), '7 Quist Lane', 'Hamburg'])
      expect(raw).not.toContain(value);
    expect(raw).toContain('"currency":"EUR"');
    const [event] = await readStream(protection, `billingaccount-${accountId}`);
    expect(event!.data).toMatchObject({
      ...personal,
      address: { line1: '7 Quist Lane', country: 'DE' },
    });
  });

  it('encrypts every stream of an all-or-none append (appendToStreams)', async () => {
    const otherId = `acc-${randomUUID()}`;
    await protection.store.appendToStreams([
      {
        streamId: `billingaccount-${accountId}`,
        events: [opened(accountId)],
        expected: 'no_stream',
      },
      { streamId: `billingaccount-${otherId}`, events: [opened(otherId)], expected: 'no_stream' },
    ]);
    const stored = (await storedEvents(inner)).filter((e) =>
      [accountId, otherId].includes((e.data as { billingAccountId?: string }).billingAccountId!),
    );
    expect(stored).toHaveLength(2);
    const raw = JSON.stringify(stored);
    for (const value of [...Object.values(personal), '7 Quist Lane'])
      expect(raw).not.toContain(value);
    const [event] = await readStream(protection, `billingaccount-${otherId}`);
    expect(event!.data).toMatchObject(personal);
  });

  it('answers a retried append as the first one (same bytes), not as a conflict', async () => {
    const event = opened(accountId);
    const first = await protection.store.appendToStream(`billingaccount-${accountId}`, [event], {
      expected: 'any',
    });
    const again = await protection.store.appendToStream(`billingaccount-${accountId}`, [event], {
      expected: 'any',
    });
    expect(again).toEqual(first);
  });

  it('reads every personal field as [erased] after the key is destroyed; verify still passes', async () => {
    await protection.store.appendToStream(`billingaccount-${accountId}`, [opened(accountId)], {
      expected: 'no_stream',
    });
    const before = JSON.stringify(ofAccount(await storedEvents(inner)));
    await protection.keyStore.destroy(accountId, '2026-03-05T00:00:00.000Z');
    // A fresh process (no cached key) sees the same.
    const fresh = protectPersonalData({ store: inner, db: inner.backend, masterKey });
    for (const reader of [protection, fresh]) {
      const [event] = await readStream(reader, `billingaccount-${accountId}`);
      expect(event!.data).toMatchObject({
        legalName: '[erased]',
        email: '[erased]',
        taxId: '[erased]',
        address: { line1: '[erased]', city: '[erased]', postalCode: '[erased]', country: 'DE' },
        currency: 'EUR',
        paymentTermsDays: 30,
      });
    }
    expect(JSON.stringify(ofAccount(await storedEvents(inner)))).toBe(before);
    expect((await verify(inner)).ok).toBe(true);
  });

  it('never creates a key again for an erased account: later personal data is stored as [erased]', async () => {
    await protection.keyStore.destroy(accountId, '2026-03-05T00:00:00.000Z');
    await protection.store.appendToStream(`billingaccount-${accountId}`, [opened(accountId)], {
      expected: 'no_stream',
    });
    const [stored] = ofAccount(await storedEvents(inner));
    expect(stored!.data).toMatchObject({ legalName: '[erased]', email: '[erased]' });
    const { rows } = await inner.backend.query<{ wrapped_key: string | null }>(
      'SELECT wrapped_key FROM personal_data.data_keys WHERE billing_account_id = $1',
      [accountId],
    );
    expect(rows).toEqual([{ wrapped_key: null }]);
  });

  it('passes clear text of events stored before encryption through, until the account is erased', async () => {
    await inner.appendToStream(`billingaccount-${accountId}`, [opened(accountId)], {
      expected: 'no_stream',
    });
    const [legacy] = await readStream(protection, `billingaccount-${accountId}`);
    expect(legacy!.data).toMatchObject(personal);
    await protection.keyStore.destroy(accountId, '2026-03-05T00:00:00.000Z');
    const [erased] = await readStream(protection, `billingaccount-${accountId}`);
    expect(erased!.data).toMatchObject({ legalName: '[erased]', email: '[erased]' });
  });

  it('does not open a ciphertext copied into another account', async () => {
    await protection.store.appendToStream(`billingaccount-${accountId}`, [opened(accountId)], {
      expected: 'no_stream',
    });
    const [stored] = ofAccount(await storedEvents(inner));
    const thief = `acc-${randomUUID()}`;
    const stolen = opened(thief);
    (stolen.data as Record<string, unknown>)['legalName'] = (
      stored!.data as Record<string, unknown>
    )['legalName'];
    // Written through the inner store, as a tampering writer would, with the thief's own key made.
    await protection.keyStore.keyForWriting(thief);
    await inner.appendToStream(`billingaccount-${thief}`, [stolen], { expected: 'no_stream' });
    const [read] = await readStream(protection, `billingaccount-${thief}`);
    expect((read!.data as Record<string, unknown>)['legalName']).toMatch(/^pd:v1:/);
  });

  it('refuses to run with another master key than the one that wrapped the keys, and says so', async () => {
    await protection.store.appendToStream(`billingaccount-${accountId}`, [opened(accountId)], {
      expected: 'no_stream',
    });
    const other = protectPersonalData({
      store: inner,
      db: inner.backend,
      masterKey: masterKeyOf(Buffer.alloc(32, 9)),
    });
    await expect(readStream(other, `billingaccount-${accountId}`)).rejects.toThrow(
      /wrapped by master key .* PERSONAL_DATA_MASTER_KEY/,
    );
  });

  it('hands subscribers clear text while the stored form stays ciphertext', async () => {
    await protection.store.appendToStream(`billingaccount-${accountId}`, [opened(accountId)], {
      expected: 'no_stream',
    });
    const seen: RecordedEvent[] = [];
    const subscription = protection.store.subscribe({
      subscriptionId: `test.personal.${accountId}`,
      handle: async (events) => {
        seen.push(...events);
      },
    });
    await subscription.caughtUp();
    await subscription.stop();
    expect(ofAccount(seen)[0]!.data).toMatchObject(personal);
  });
});
