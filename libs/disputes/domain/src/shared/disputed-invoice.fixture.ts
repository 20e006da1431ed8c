import type { DisputedInvoice } from '../dispute/dispute.commands';

/** An issued 1,000.00 EUR invoice of three lines, as disputes knows it; tests override fields. */
export const disputedInvoice = (overrides: Partial<DisputedInvoice> = {}): DisputedInvoice => ({
  currency: 'EUR',
  total: '1000.00',
  amountOpen: '1000.00',
  amountOnHold: '0.00',
  status: 'issued',
  lines: [
    { lineId: 'line-1', total: '200.00' },
    { lineId: 'line-2', total: '300.00' },
    { lineId: 'line-3', total: '500.00' },
  ],
  ...overrides,
});
