import type { OpenInvoice } from '../src/allocation/allocate-oldest-due-first';
import type { PaymentCommand, RecordPaymentData } from '../src/payment/payment.commands';

export const accountId = 'acc-acme';

/** The issue's three invoices as the payments read model knows them (net 30). */
export const openInvoices: OpenInvoice[] = [
  {
    invoiceId: 'inv-3',
    number: 'INV-2026-000003',
    issueDate: '2026-02-03',
    dueDate: '2026-03-05',
    amountOpen: '450.50',
    currency: 'USD',
  },
  {
    invoiceId: 'inv-1',
    number: 'INV-2026-000001',
    issueDate: '2026-01-05',
    dueDate: '2026-02-04',
    amountOpen: '1200.00',
    currency: 'USD',
  },
  {
    invoiceId: 'inv-2',
    number: 'INV-2026-000002',
    issueDate: '2026-01-20',
    dueDate: '2026-02-19',
    amountOpen: '800.00',
    currency: 'USD',
  },
];

export const invoiceNumbers = Object.fromEntries(openInvoices.map((i) => [i.invoiceId, i.number]));

export function recordPayment(
  paymentId: string,
  amount: string,
  overrides: Partial<RecordPaymentData> = {},
): PaymentCommand {
  return {
    type: 'RecordPayment',
    data: {
      paymentId,
      billingAccountId: accountId,
      amount,
      currency: 'USD',
      method: 'bank_transfer',
      externalReference: `BANK-${paymentId}`,
      receivedDate: '2026-02-10',
      recordedAt: '2026-02-10T08:00:00.000Z',
      ...overrides,
    },
  };
}

export const allocate = (
  paymentId: string,
  invoices: OpenInvoice[],
  instructions?: { invoiceId: string; amount: string }[],
): PaymentCommand => ({
  type: 'AllocatePayment',
  data: {
    paymentId,
    openInvoices: invoices,
    instructions,
    allocatedAt: '2026-02-10T08:01:00.000Z',
  },
});

export const outcome = (
  paymentId: string,
  allocationId: string,
  result: 'applied' | 'rejected',
): PaymentCommand => ({
  type: 'RecordAllocationOutcome',
  data: {
    paymentId,
    allocationId,
    outcome: result,
    reason: result === 'rejected' ? 'over_application' : undefined,
  },
});
