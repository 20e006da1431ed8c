import type { LedgerEvent } from '@billing/ledger-domain';
import { batchKeysOf } from './ledger-projection-spec';

const event = (data: unknown): LedgerEvent => ({
  eventId: 'e',
  type: 'Any',
  data,
  streamId: 's-1',
  streamVersion: 1,
  globalPosition: 1,
  occurredAt: '2026-01-01T00:00:00.000Z',
  recordedAt: '2026-01-01T00:00:00.000Z',
  metadata: { correlationId: 'c', causationId: null, actor: { id: 'a', roles: [] }, service: 's' },
});

describe('the entities a batch names', () => {
  it('collects account, invoice, payment and dispute ids once each, ignoring other fields', () => {
    expect(
      batchKeysOf([
        event({ billingAccountId: 'a', invoiceId: 'i', paymentId: 'p' }),
        event({ billingAccountId: 'a', disputeId: 'd', invoiceId: 'i2' }),
        event({ billingAccountId: 7, invoices: [{ invoiceId: 'x' }] }),
        event(null),
      ]),
    ).toEqual({ accounts: ['a'], invoices: ['i', 'i2'], payments: ['p'], disputes: ['d'] });
  });
});
