import {
  createInMemoryEventStore,
  handleCommand,
  type CommandContext,
  type EventStore,
} from '@billing/event-store';
import { collectionCaseStream } from '@billing/contracts';
import { collectionCaseDecider, type PromiseOverInvoices } from '@billing/collections-domain';
import { DomainError } from '@billing/kernel';
import type { CollectionsCommands } from '../../../shared/collections-commands';
import { MakePromiseToPayHandler } from './make-promise-to-pay.handler';

const context = (key: string): CommandContext => ({
  idempotencyKey: key,
  metadata: {
    correlationId: 'c-1',
    causationId: null,
    actor: { id: 'agent-1', roles: ['collections-agent'] },
    service: 'collections',
  },
  occurredAt: '2026-03-10T09:00:00.000Z',
});

async function tracked(store: EventStore, invoiceId: string, dueDate: string) {
  await handleCommand(
    store,
    collectionCaseDecider,
    collectionCaseStream(invoiceId),
    {
      type: 'TrackInvoice',
      data: {
        billingAccountId: 'acc-1',
        invoiceId,
        invoiceNumber: `INV-${invoiceId}`,
        currency: 'EUR',
        amountTotal: '500.00',
        amountOpen: '500.00',
        dueDate,
      },
    },
    context(`track-${invoiceId}`),
  );
}

async function typesIn(store: EventStore, invoiceId: string): Promise<string[]> {
  const types: string[] = [];
  for await (const event of store.readStream(collectionCaseStream(invoiceId))) {
    types.push(event.type);
  }
  return types;
}

const promise = (promiseId: string): PromiseOverInvoices => ({
  promiseId,
  amount: '600',
  date: '2026-03-20',
  today: '2026-03-10',
  madeBy: 'agent-1',
  invoices: [{ invoiceId: 'a' }, { invoiceId: 'b' }],
});

describe('making a promise over several invoices', () => {
  let store: EventStore;
  let handler: MakePromiseToPayHandler;

  beforeEach(async () => {
    store = createInMemoryEventStore();
    handler = new MakePromiseToPayHandler({ deps: { store } } as unknown as CollectionsCommands);
    await tracked(store, 'a', '2026-01-31');
    await tracked(store, 'b', '2026-02-28');
  });

  it('records its part on every invoice, and a retry of the same request records nothing more', async () => {
    const decision = await handler.execute('acc-1', promise('p-1'), context('req-1'));
    expect(decision.invoices.map((i) => [i.invoiceId, i.amount])).toEqual([
      ['a', '500.00'],
      ['b', '100.00'],
    ]);
    await handler.execute('acc-1', promise('p-1'), context('req-1'));
    expect(await typesIn(store, 'a')).toEqual(['InvoiceTracked', 'PromiseToPayMade']);
    expect(await typesIn(store, 'b')).toEqual(['InvoiceTracked', 'PromiseToPayMade']);
  });

  it('appends nothing to any invoice when one of them refuses its part', async () => {
    // Invoice b is already under an earlier promise: only a's case would accept this one.
    await handleCommand(
      store,
      collectionCaseDecider,
      collectionCaseStream('b'),
      {
        type: 'MakePromiseToPay',
        data: {
          promiseId: 'earlier',
          amount: '50',
          date: '2026-03-15',
          today: '2026-03-09',
          madeBy: 'agent-2',
        },
      },
      context('earlier'),
    );
    const refused = handler.execute('acc-1', promise('p-2'), context('req-2'));
    await expect(refused).rejects.toBeInstanceOf(DomainError);
    await expect(refused).rejects.toMatchObject({ code: 'PROMISE_ALREADY_ACTIVE' });
    expect(await typesIn(store, 'a')).toEqual(['InvoiceTracked']);
    expect(await typesIn(store, 'b')).toEqual(['InvoiceTracked', 'PromiseToPayMade']);
  });
});
