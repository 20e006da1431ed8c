import type { InvoiceEvent } from '@billing/contracts';
import { accountId, issuedInvoiceEvents, line } from '../../testing/fixtures';
import { planInvoiceCorrection } from './invoice-correction';
import { invoiceDecider } from './invoice.decider';

const fold = (events: InvoiceEvent[]) =>
  events.reduce(invoiceDecider.evolve, invoiceDecider.initialState());
const original = issuedInvoiceEvents('inv-1', [line()], 'INV-2026-000001', '2026-01-05');
const input = {
  correctedInvoiceId: 'inv-1b',
  creditNoteId: 'cn-1',
  creditNoteNumber: 'CN-2026-000001',
  issueDate: '2026-01-12',
  lines: [line({ unitPrice: '900.00' })],
  draftedAt: '2026-01-12T09:00:00Z',
};

describe('corrected invoice', () => {
  it('credits the whole original and drafts a replacement that names it', () => {
    const plan = planInvoiceCorrection(fold(original), input);
    expect(plan.original.events).toHaveLength(1);
    expect(plan.original.events[0]).toMatchObject({ type: 'CreditNoteIssued' });
    expect(plan.original.events[0]!.data).toMatchObject({
      creditNoteId: 'cn-1',
      number: 'CN-2026-000001',
      amount: '1200.00',
      reason: 'billing_error',
      amountOpen: '0.00',
      status: 'credited',
    });
    expect(plan.corrected.events[0]).toMatchObject({
      type: 'InvoiceDrafted',
      data: {
        invoiceId: 'inv-1b',
        billingAccountId: accountId,
        correctsInvoiceId: 'inv-1',
        purchaseOrderNumber: 'PO-77',
        total: '1080.00',
      },
    });
    expect(fold([...original, ...plan.original.events]).status).toBe('credited');
  });

  it('refuses to correct an invoice that a payment was applied to', () => {
    const paid = [
      ...original,
      ...invoiceDecider.decide(
        {
          type: 'ApplyPaymentAllocation',
          data: {
            invoiceId: 'inv-1',
            billingAccountId: accountId,
            paymentId: 'p',
            allocationId: 'a',
            amount: '10.00',
            currency: 'USD',
          },
        },
        fold(original),
      ),
    ];
    expect(() => planInvoiceCorrection(fold(paid), input)).toThrow(
      expect.objectContaining({ code: 'CORRECTION_NOT_ALLOWED', kind: 'conflict' }),
    );
  });

  it('writes nothing when the new lines are invalid', () => {
    expect(() =>
      planInvoiceCorrection(fold(original), { ...input, lines: [line({ quantity: '-1' })] }),
    ).toThrow(expect.objectContaining({ code: 'INVALID_INVOICE_LINES' }));
  });
});
