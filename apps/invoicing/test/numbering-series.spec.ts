import fc from 'fast-check';
import { InMemoryEventStore, type CommandContext } from '@billing/event-store';
import { invoiceSeriesStream } from '@billing/contracts';
import { assignDocumentNumber } from '@billing/invoicing-service';

const context = (request: number): CommandContext => ({
  idempotencyKey: `request-${request}`,
  occurredAt: '2026-03-01T10:00:00.000Z',
  metadata: {
    correlationId: `correlation-${request}`,
    causationId: null,
    actor: { id: 'clerk', roles: ['billing-clerk'] },
    service: 'invoicing',
  },
});

const assign = (store: InMemoryEventStore, documentId: string, request: number) =>
  assignDocumentNumber(store, 'invoice', documentId, 'acc-1', '2026-03-01', context(request));

describe('assignDocumentNumber', () => {
  it('gives each document one number, however often and in whatever order it is asked (the full map model)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom('inv-a', 'inv-b', 'inv-c', 'inv-d', 'inv-e'), { maxLength: 40 }),
        async (documentIds) => {
          const store = new InMemoryEventStore();
          // What the old state (documentId -> number for the whole year) answered.
          const model = new Map<string, string>();
          for (const [request, documentId] of documentIds.entries()) {
            const expected =
              model.get(documentId) ?? `INV-2026-${String(model.size + 1).padStart(6, '0')}`;
            model.set(documentId, expected);
            expect(await assign(store, documentId, request)).toBe(expected);
          }
          let assigned = 0;
          for await (const _ of store.readStream(invoiceSeriesStream('INV-2026'))) assigned++;
          expect(assigned).toBe(model.size);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('answers a concurrent retry of the same document with the one number it took', async () => {
    const store = new InMemoryEventStore();
    const numbers = await Promise.all([
      assign(store, 'inv-1', 1),
      assign(store, 'inv-2', 2),
      assign(store, 'inv-1', 3),
      assign(store, 'inv-3', 4),
      assign(store, 'inv-1', 5),
    ]);
    expect(new Set([numbers[0], numbers[2], numbers[4]]).size).toBe(1);
    expect(new Set(numbers).size).toBe(3);
  });
});
