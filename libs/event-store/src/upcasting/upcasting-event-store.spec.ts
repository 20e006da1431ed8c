import { collect, newEvent } from '../../testing/event-store.contract';
import { createInMemoryEventStore } from '../memory/in-memory-event-store';
import { createUpcasterRegistry } from './upcaster-registry';
import { withUpcasters } from './upcasting-event-store';

describe('upcasting on read', () => {
  // v1 stored a single `amount` in cents as a string; v2 has a decimal string and a currency;
  // v3 renamed `amount` to `total`.
  const registry = createUpcasterRegistry()
    .register('InvoiceIssued', 1, (data) => {
      const { amountCents } = data as { amountCents: string };
      return {
        amount: `${amountCents.slice(0, -2) || '0'}.${amountCents.slice(-2).padStart(2, '0')}`,
        currency: 'EUR',
      };
    })
    .register('InvoiceIssued', 2, (data) => {
      const { amount, ...rest } = data as { amount: string; currency: string };
      return { total: amount, ...rest };
    });

  it('hands readers the newest schema while the stored event stays as written', async () => {
    const inner = createInMemoryEventStore();
    const store = withUpcasters(inner, registry);
    await store.appendToStream('invoice-1', [newEvent('InvoiceIssued', { amountCents: '12345' })], {
      expected: 'no_stream',
    });

    const [upcast] = await collect(store.readStream('invoice-1'));
    expect(upcast).toMatchObject({ schemaVersion: 3, data: { total: '123.45', currency: 'EUR' } });

    const [all] = await collect(store.readAll());
    expect(all!.event.data).toEqual({ total: '123.45', currency: 'EUR' });

    const [stored] = await collect(inner.readStream('invoice-1'));
    expect(stored).toMatchObject({ schemaVersion: 1, data: { amountCents: '12345' } });
  });

  it('leaves events of the newest schema and other types alone', async () => {
    const current = {
      ...newEvent('InvoiceIssued', { total: '1.00', currency: 'EUR' }),
      schemaVersion: 3,
    };
    const store = withUpcasters(createInMemoryEventStore(), registry);
    await store.appendToStream(
      'invoice-2',
      [current, newEvent('InvoiceVoided', { reason: 'typo' })],
      { expected: 'no_stream' },
    );
    const read = await collect(store.readStream('invoice-2'));
    expect(read.map((e) => [e.schemaVersion, e.data])).toEqual([
      [3, { total: '1.00', currency: 'EUR' }],
      [1, { reason: 'typo' }],
    ]);
  });

  it('upcasts what a subscription delivers', async () => {
    const store = withUpcasters(createInMemoryEventStore(), registry);
    await store.appendToStream('invoice-3', [newEvent('InvoiceIssued', { amountCents: '5' })], {
      expected: 'no_stream',
    });
    const seen: unknown[] = [];
    const subscription = store.subscribe({
      subscriptionId: 's',
      handle: async (events) => void seen.push(...events.map((e) => e.data)),
    });
    await subscription.caughtUp();
    await subscription.stop();
    expect(seen).toEqual([{ total: '0.05', currency: 'EUR' }]);
  });
});
