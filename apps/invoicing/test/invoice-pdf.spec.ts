import { invoicePdf, type InvoiceDetailView } from '@billing/invoicing-service';
import { pdfText } from '@billing/testing';

function issuedInvoice(): InvoiceDetailView {
  return {
    invoiceId: '7f3c0000-0000-4000-8000-000000000001',
    billingAccountId: '7f3c0000-0000-4000-8000-0000000000aa',
    number: 'INV-2026-000042',
    status: 'partially_paid',
    currency: 'USD',
    subtotal: '1250.00',
    taxTotal: '100.10',
    total: '1350.10',
    amountOpen: '310.10',
    issueDate: '2026-04-03',
    dueDate: '2026-05-03',
    purchaseOrderNumber: 'PO-77',
    correctsInvoiceId: null,
    memo: null,
    lines: [
      {
        lineId: 'l1',
        description: 'Consulting, April',
        quantity: '10',
        unitPrice: '125.00',
        taxRate: '0.08',
        net: '1250.00',
        tax: '100.10',
        total: '1350.10',
      },
    ],
    lastReview: null,
    sentAt: null,
    creditNotes: [
      {
        creditNoteId: '7f3c0000-0000-4000-8000-0000000000c1',
        number: 'CN-2026-000007',
        issueDate: '2026-04-10',
        amount: '40.00',
        netAmount: '40.00',
        taxAmount: '0.00',
        reason: 'goodwill',
        disputeId: null,
        memo: 'late delivery',
      },
    ],
    writeOffs: [],
    rejectedAdjustments: [],
    history: [],
  };
}

describe("an invoice's PDF", () => {
  it('shows the number, lines, credit notes, total and open amount as the JSON view has them', async () => {
    const pdf = await invoicePdf(issuedInvoice());
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = pdfText(pdf);
    expect(text).toContain('Invoice INV-2026-000042');
    expect(text).toContain('Consulting, April');
    expect(text).toContain('1350.10 USD');
    expect(text).toContain('CN-2026-000007');
    expect(text).toContain('goodwill: late delivery');
    expect(text).toContain('Amount open: 310.10 USD');
  });

  it('gives the same bytes for the same invoice, dated by its issue date', async () => {
    const [first, second] = await Promise.all([
      invoicePdf(issuedInvoice()),
      invoicePdf(issuedInvoice()),
    ]);
    expect(first.equals(second)).toBe(true);
    expect(first.toString('latin1')).toContain('(D:20260403000000Z)');
    const paidMore = await invoicePdf({ ...issuedInvoice(), amountOpen: '0.00' });
    expect(paidMore.equals(first)).toBe(false);
  });

  it('marks a draft as not issued', async () => {
    const draft = {
      ...issuedInvoice(),
      number: null,
      status: 'draft' as const,
      issueDate: null,
      dueDate: null,
      amountOpen: null,
    };
    const text = pdfText(await invoicePdf(draft));
    expect(text).toContain('Draft invoice (not issued)');
    expect(text).not.toContain('INV-');
  });
});
