import type { InvoiceEvent } from '@billing/contracts';
import type { AccountSnapshot } from '../src/billing-account/billing-account.decider';
import type { InvoiceLineInput } from '../src/invoice/invoice-lines';
import type { InvoiceCommand } from '../src/invoice/invoice.commands';
import { invoiceDecider } from '../src/invoice/invoice.decider';

export const accountId = 'acc-acme';

/** The issue's account: USD, net 30, purchase order required, verified. */
export const acmeAccount: AccountSnapshot = {
  billingAccountId: accountId,
  verified: true,
  onHold: false,
  closed: false,
  paymentTermsDays: 30,
  currency: 'USD',
  purchaseOrderRequired: true,
};

export const line = (overrides: Partial<InvoiceLineInput> = {}): InvoiceLineInput => ({
  lineId: 'l1',
  description: 'Consulting',
  quantity: '1',
  unitPrice: '1000.00',
  taxRate: '0.2',
  ...overrides,
});

/** The issue's three invoices: 1,200.00 (1000.00 at 20 %), 800.00 (0 %), 450.50 (425.00 at 6 %). */
export const scenarioInvoices = [
  {
    invoiceId: 'inv-1',
    number: 'INV-2026-000001',
    issueDate: '2026-01-05',
    lines: [line({ unitPrice: '1000.00', taxRate: '0.2' })],
  },
  {
    invoiceId: 'inv-2',
    number: 'INV-2026-000002',
    issueDate: '2026-01-20',
    lines: [line({ unitPrice: '800.00', taxRate: '0' })],
  },
  {
    invoiceId: 'inv-3',
    number: 'INV-2026-000003',
    issueDate: '2026-02-03',
    lines: [line({ quantity: '5', unitPrice: '85.00', taxRate: '0.06' })],
  },
];

export function draftCommand(
  invoiceId: string,
  lines: InvoiceLineInput[],
  extra: Partial<Extract<InvoiceCommand, { type: 'DraftInvoice' }>['data']> = {},
): InvoiceCommand {
  return {
    type: 'DraftInvoice',
    data: {
      invoiceId,
      billingAccountId: accountId,
      currency: 'USD',
      lines,
      purchaseOrderNumber: 'PO-77',
      draftedAt: '2026-01-01T09:00:00.000Z',
      ...extra,
    },
  };
}

/** Events of an invoice drafted and issued, by running the decider itself. */
export function issuedInvoiceEvents(
  invoiceId: string,
  lines: InvoiceLineInput[],
  number: string,
  issueDate: string,
): InvoiceEvent[] {
  let state = invoiceDecider.initialState();
  const events: InvoiceEvent[] = [];
  const run = (command: InvoiceCommand) => {
    for (const event of invoiceDecider.decide(command, state)) {
      events.push(event);
      state = invoiceDecider.evolve(state, event);
    }
  };
  run(draftCommand(invoiceId, lines));
  run({
    type: 'IssueInvoice',
    data: { invoiceId, account: acmeAccount, otherInvoices: [], number, issueDate },
  });
  return events;
}
