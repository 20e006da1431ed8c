import type { InvoiceAdjustmentRejected, InvoiceEvent } from '@billing/contracts';
import { deciderSpec } from '@billing/kernel/testing';
import {
  accountId,
  acmeAccount,
  draftCommand,
  issuedInvoiceEvents,
  line,
  scenarioInvoices,
} from '../../testing/fixtures';
import { invoiceDecider } from './invoice.decider';
import type { InvoiceCommand, OtherInvoiceSummary } from './invoice.commands';
import { amountOpen } from './invoice.state';
import { linesFingerprint } from './invoice-lines';

const spec = deciderSpec(invoiceDecider);
const [inv1, inv2, inv3] = scenarioInvoices as [
  (typeof scenarioInvoices)[0],
  (typeof scenarioInvoices)[0],
  (typeof scenarioInvoices)[0],
];
const issued = (inv: typeof inv1) =>
  issuedInvoiceEvents(inv.invoiceId, inv.lines, inv.number, inv.issueDate);
const fold = (events: InvoiceEvent[]) =>
  events.reduce(invoiceDecider.evolve, invoiceDecider.initialState());

const apply = (
  invoiceId: string,
  paymentId: string,
  allocationId: string,
  amount: string,
): InvoiceCommand => ({
  type: 'ApplyPaymentAllocation',
  data: {
    invoiceId,
    billingAccountId: accountId,
    paymentId,
    allocationId,
    amount,
    currency: 'USD',
  },
});
const reverse = (invoiceId: string, paymentId: string, allocationId: string): InvoiceCommand => ({
  type: 'ReversePaymentAllocation',
  data: { invoiceId, paymentId, allocationId, reason: 'payment bounced' },
});

/** Runs commands in order, folding what each decides, and returns all events. */
function play(given: InvoiceEvent[], commands: InvoiceCommand[]): InvoiceEvent[] {
  const events = [...given];
  for (const command of commands) events.push(...invoiceDecider.decide(command, fold(events)));
  return events;
}

/** An event as PostgreSQL's jsonb gives it back: every object's keys in jsonb's order. */
function asStored(event: InvoiceEvent): InvoiceEvent {
  const reorder = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(reorder);
    if (value === null || typeof value !== 'object') return value;
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record).sort((a, b) => a.length - b.length || (a < b ? -1 : 1));
    return Object.fromEntries(keys.map((key) => [key, reorder(record[key])]));
  };
  return reorder(event) as InvoiceEvent;
}

describe('drafting: a retry of a stored draft', () => {
  it('answers the draft as it stands when the same request comes again after a store round trip', () => {
    const command = draftCommand(inv1.invoiceId, inv1.lines);
    const stored = invoiceDecider.decide(command, invoiceDecider.initialState()).map(asStored);
    expect(invoiceDecider.decide(command, fold(stored))).toEqual([]);
  });

  it('still refuses another draft under the same invoice id', () => {
    const stored = invoiceDecider
      .decide(draftCommand(inv1.invoiceId, inv1.lines), invoiceDecider.initialState())
      .map(asStored);
    expect(() =>
      invoiceDecider.decide(draftCommand(inv1.invoiceId, inv2.lines), fold(stored)),
    ).toThrow(/already exists/);
  });
});

describe('drafting: line and invoice totals', () => {
  it('computes the scenario invoices: 1,200.00, 800.00 and 450.50, tax per line', () => {
    const totals = scenarioInvoices.map((inv) => {
      const [drafted] = invoiceDecider.decide(
        draftCommand(inv.invoiceId, inv.lines),
        invoiceDecider.initialState(),
      );
      return drafted!.type === 'InvoiceDrafted'
        ? [drafted!.data.subtotal, drafted!.data.taxTotal, drafted!.data.total]
        : [];
    });
    expect(totals).toEqual([
      ['1000.00', '200.00', '1200.00'],
      ['800.00', '0.00', '800.00'],
      ['425.00', '25.50', '450.50'],
    ]);
  });

  it('rounds quantity × unit price half-even, takes the discount off before tax, and sums the lines', () => {
    const [drafted] = spec
      .given([])
      .when(
        draftCommand('inv-9', [
          line({
            lineId: 'a',
            quantity: '2.5',
            unitPrice: '10.01',
            taxRate: '0.2',
            discount: '5.00',
          }),
          line({ lineId: 'b', quantity: '3', unitPrice: '0.99', taxRate: '0.0825' }),
        ]),
      )
      .events();
    expect(
      drafted!.type === 'InvoiceDrafted' && drafted!.data.lines.map((l) => [l.net, l.tax, l.total]),
    ).toEqual([
      ['20.02', '4.00', '24.02'], // 25.025 -> 25.02 (half-even), − 5.00, tax 4.004 -> 4.00
      ['2.97', '0.25', '3.22'], // tax 0.245025 -> 0.25
    ]);
    expect(
      drafted!.type === 'InvoiceDrafted' && [
        drafted!.data.subtotal,
        drafted!.data.taxTotal,
        drafted!.data.total,
      ],
    ).toEqual(['22.99', '4.25', '27.24']);
  });

  it('refuses invalid lines naming every offending field', () => {
    spec
      .given([])
      .when(
        draftCommand('inv-9', [
          line({ lineId: 'a', quantity: '0', unitPrice: '10.001', taxRate: '1.5' }),
          line({
            lineId: 'a',
            description: '',
            servicePeriod: { from: '2026-02-01', to: '2026-01-01' },
          }),
        ]),
      )
      .thenThrows({
        code: 'INVALID_INVOICE_LINES',
        kind: 'invalid',
        problems: [
          { field: 'lines[0].quantity', reason: 'must be a decimal number greater than 0' },
          { field: 'lines[0].unitPrice', reason: 'must be an amount >= 0 with at most 2 decimals' },
          { field: 'lines[0].taxRate', reason: 'must be a decimal fraction from 0 to 1' },
          { field: 'lines[1].lineId', reason: 'must be unique within the invoice' },
          { field: 'lines[1].description', reason: 'is required' },
          {
            field: 'lines[1].servicePeriod',
            reason: 'must be two calendar dates YYYY-MM-DD with from <= to',
          },
        ],
      });
  });

  it('refuses a line whose amount is beyond what money can hold, as a problem on that line', () => {
    spec
      .given([])
      .when(draftCommand('inv-9', [line({ quantity: '1' + '0'.repeat(30), unitPrice: '1000.00' })]))
      .thenThrows({
        code: 'INVALID_INVOICE_LINES',
        kind: 'invalid',
        problems: [{ field: 'lines[0]' }],
      });
  });

  it('refuses a discount larger than the line', () => {
    spec
      .given([])
      .when(draftCommand('inv-9', [line({ discount: '1000.01' })]))
      .thenThrows({ code: 'INVALID_INVOICE_LINES' });
  });

  it('replaces lines and purchase order only while the invoice is a draft', () => {
    const drafted = invoiceDecider.decide(
      draftCommand('inv-9', [line()]),
      invoiceDecider.initialState(),
    );
    const update: InvoiceCommand = {
      type: 'UpdateDraft',
      data: {
        invoiceId: 'inv-9',
        lines: [line({ unitPrice: '500.00' })],
        purchaseOrderNumber: 'PO-78',
        updatedAt: '2026-01-02T00:00:00Z',
      },
    };
    const [updated] = spec.given(drafted).when(update).events();
    expect(
      updated!.type === 'InvoiceDraftUpdated' && [
        updated!.data.total,
        updated!.data.purchaseOrderNumber,
      ],
    ).toEqual(['600.00', 'PO-78']);
    spec
      .given(issued(inv1))
      .when({ ...update, data: { ...update.data, invoiceId: 'inv-1' } } as InvoiceCommand)
      .thenThrows({
        code: 'INVOICE_STATUS_CONFLICT',
        kind: 'conflict',
      });
  });
});

describe('review', () => {
  const review = (
    invoiceId: string,
    account = acmeAccount,
    otherInvoices: OtherInvoiceSummary[] = [],
  ): InvoiceCommand => ({
    type: 'ReviewInvoice',
    data: { invoiceId, account, otherInvoices, reviewedAt: '2026-01-03T00:00:00Z' },
  });

  it('lists every problem at once: account, purchase order, currency and stated totals', () => {
    const drafted = invoiceDecider.decide(
      draftCommand(
        'inv-9',
        [
          line({ statedTotal: '1200.00' }),
          line({ lineId: 'l2', unitPrice: '10.00', statedTotal: '11.00' }),
        ],
        {
          currency: 'EUR',
          purchaseOrderNumber: undefined,
        },
      ),
      invoiceDecider.initialState(),
    );
    const [reviewed] = spec
      .given(drafted)
      .when(review('inv-9', { ...acmeAccount, verified: false, onHold: true }))
      .events();
    expect(reviewed!.type === 'InvoiceReviewed' && reviewed!.data.ready).toBe(false);
    expect(
      reviewed!.type === 'InvoiceReviewed' && reviewed!.data.problems.map((p) => [p.code, p.field]),
    ).toEqual([
      ['ACCOUNT_NOT_VERIFIED', 'billingAccountId'],
      ['ACCOUNT_ON_CREDIT_HOLD', 'billingAccountId'],
      ['PURCHASE_ORDER_REQUIRED', 'purchaseOrderNumber'],
      ['CURRENCY_MISMATCH', 'currency'],
      ['STATED_TOTAL_MISMATCH', 'lines[1].statedTotal'],
    ]);
  });

  it('flags a possible duplicate: same account, same purchase order, overlapping service period', () => {
    const period = { from: '2026-01-01', to: '2026-01-31' };
    const drafted = invoiceDecider.decide(
      draftCommand('inv-9', [line({ servicePeriod: period })]),
      invoiceDecider.initialState(),
    );
    const others: OtherInvoiceSummary[] = [
      {
        invoiceId: 'inv-1',
        number: 'INV-2026-000001',
        billingAccountId: accountId,
        purchaseOrderNumber: 'PO-77',
        servicePeriod: { from: '2026-01-15', to: '2026-02-14' },
        status: 'issued',
      },
      {
        invoiceId: 'inv-2',
        billingAccountId: accountId,
        purchaseOrderNumber: 'PO-77',
        servicePeriod: { from: '2026-02-01', to: '2026-02-28' },
        status: 'issued',
      },
      {
        invoiceId: 'inv-3',
        billingAccountId: accountId,
        purchaseOrderNumber: 'PO-99',
        servicePeriod: period,
        status: 'paid',
      },
      {
        invoiceId: 'inv-4',
        billingAccountId: accountId,
        purchaseOrderNumber: 'PO-77',
        servicePeriod: period,
        status: 'voided',
      },
    ];
    const [reviewed] = spec
      .given(drafted)
      .when(review('inv-9', acmeAccount, others))
      .events();
    expect(reviewed!.data).toMatchObject({
      ready: false,
      problems: [
        {
          code: 'POSSIBLE_DUPLICATE',
          field: 'purchaseOrderNumber',
          message:
            'Invoice INV-2026-000001 bills the same purchase order PO-77 for an overlapping service period',
        },
      ],
    });
  });

  it('flags a possible duplicate without a purchase order: the same lines or the same total in an overlapping period', () => {
    const period = { from: '2026-01-01', to: '2026-01-31' };
    const drafted = invoiceDecider.decide(
      draftCommand('inv-9', [line({ servicePeriod: period })], { purchaseOrderNumber: '' }),
      invoiceDecider.initialState(),
    );
    // Another invoice with the same line under another id and a reworded case: the same lines.
    const sameLines = linesFingerprint(
      fold(
        invoiceDecider.decide(
          draftCommand('inv-5', [line({ lineId: 'x9', description: '  consulting ' })]),
          invoiceDecider.initialState(),
        ),
      ).lines,
    );
    const others: OtherInvoiceSummary[] = [
      {
        invoiceId: 'inv-5',
        number: 'INV-2026-000005',
        billingAccountId: accountId,
        servicePeriod: { from: '2026-01-10', to: '2026-02-09' },
        status: 'issued',
        linesFingerprint: sameLines,
      },
      {
        invoiceId: 'inv-6',
        number: 'INV-2026-000006',
        billingAccountId: accountId,
        purchaseOrderNumber: 'PO-12',
        servicePeriod: period,
        status: 'paid',
        total: '1200.0',
        currency: 'USD',
      },
      // Same total, but the next month; and same total in another currency: not the same bill.
      {
        invoiceId: 'inv-7',
        billingAccountId: accountId,
        servicePeriod: { from: '2026-02-01', to: '2026-02-28' },
        status: 'issued',
        total: '1200.00',
        currency: 'USD',
        linesFingerprint: sameLines,
      },
      {
        invoiceId: 'inv-8',
        billingAccountId: accountId,
        servicePeriod: period,
        status: 'issued',
        total: '1200.00',
        currency: 'EUR',
      },
    ];
    const [reviewed] = spec
      .given(drafted)
      .when(review('inv-9', acmeAccount, others))
      .events();
    const problems = (reviewed!.data as { problems: Array<{ code: string; message: string }> })
      .problems;
    expect(problems.filter((p) => p.code === 'POSSIBLE_DUPLICATE')).toEqual([
      {
        code: 'POSSIBLE_DUPLICATE',
        field: 'lines',
        message: 'Invoice INV-2026-000005 bills the same lines for an overlapping service period',
      },
      {
        code: 'POSSIBLE_DUPLICATE',
        field: 'lines',
        message:
          'Invoice INV-2026-000006 bills the same total 1200.0 USD for an overlapping service period',
      },
    ]);
  });

  it('reports a draft without lines', () => {
    const drafted = invoiceDecider.decide(draftCommand('inv-9', []), invoiceDecider.initialState());
    const [reviewed] = spec.given(drafted).when(review('inv-9')).events();
    expect(reviewed!.data).toMatchObject({
      ready: false,
      problems: [{ code: 'NO_LINES', field: 'lines' }],
    });
  });

  it('marks a clean draft ready', () => {
    const drafted = invoiceDecider.decide(
      draftCommand('inv-9', [line({ statedTotal: '1200.00' })]),
      invoiceDecider.initialState(),
    );
    const [reviewed] = spec.given(drafted).when(review('inv-9')).events();
    expect(reviewed!.data).toMatchObject({ ready: true, problems: [] });
  });
});

describe('issuing', () => {
  const issue = (account = acmeAccount): InvoiceCommand => ({
    type: 'IssueInvoice',
    data: {
      invoiceId: 'inv-9',
      account,
      otherInvoices: [],
      number: 'INV-2026-000009',
      issueDate: '2026-01-31',
    },
  });

  it('issues with its number and a due date of issue date + payment terms', () => {
    const drafted = invoiceDecider.decide(
      draftCommand('inv-9', [line()]),
      invoiceDecider.initialState(),
    );
    const [event] = spec.given(drafted).when(issue()).events();
    expect(event!.data).toMatchObject({
      number: 'INV-2026-000009',
      issueDate: '2026-01-31',
      dueDate: '2026-03-02',
      subtotal: '1000.00',
      taxTotal: '200.00',
      total: '1200.00',
      paymentTermsDays: 30,
    });
    expect(amountOpen(fold([...drafted, event!])).amount).toBe('1200.00');
  });

  it('re-runs the review at issue and refuses while problems remain, listing them', () => {
    const drafted = invoiceDecider.decide(
      draftCommand('inv-9', [line()], { purchaseOrderNumber: undefined }),
      invoiceDecider.initialState(),
    );
    spec
      .given(drafted)
      .when(issue({ ...acmeAccount, closed: true }))
      .thenThrows({
        code: 'INVOICE_NOT_READY',
        kind: 'invalid',
        problems: [
          { field: 'billingAccountId', reason: 'ACCOUNT_CLOSED: The billing account is closed' },
          {
            field: 'purchaseOrderNumber',
            reason:
              'PURCHASE_ORDER_REQUIRED: The account requires a purchase order number on every invoice',
          },
        ],
      });
  });

  it('treats a retried issue with the same number as done', () => {
    spec
      .given(issued(inv1))
      .when({
        type: 'IssueInvoice',
        data: { ...(issue().data as object), invoiceId: 'inv-1', number: inv1.number },
      } as InvoiceCommand)
      .then([]);
  });

  it('records delivery by email', () => {
    const sent = {
      invoiceId: 'inv-1',
      channel: 'email' as const,
      recipient: 'ap@acme.example',
      sentAt: '2026-01-05T10:00:00Z',
    };
    spec
      .given(issued(inv1))
      .when({ type: 'MarkInvoiceSent', data: sent })
      .then([{ type: 'InvoiceSent', data: { ...sent, billingAccountId: accountId } }]);
    spec
      .given(issued(inv1))
      .when({ type: 'MarkInvoiceSent', data: { ...sent, recipient: 'nobody' } })
      .thenThrows({ code: 'INVALID_DELIVERY' });
  });
});

describe('payments applied to invoices (issue scenario)', () => {
  it('1: the first payment pays invoices 1 and 2 and leaves 225.25 open on invoice 3', () => {
    spec
      .given(issued(inv1))
      .when(apply('inv-1', 'pay-1', 'alloc-1', '1200.00'))
      .then([
        {
          type: 'PaymentAllocationApplied',
          data: {
            invoiceId: 'inv-1',
            billingAccountId: accountId,
            paymentId: 'pay-1',
            allocationId: 'alloc-1',
            currency: 'USD',
            amountApplied: '1200.00',
            amountOpen: '0.00',
            status: 'paid',
          },
        },
      ]);
    spec
      .given(issued(inv2))
      .when(apply('inv-2', 'pay-1', 'alloc-2', '800.00'))
      .events();
    const [applied] = spec
      .given(issued(inv3))
      .when(apply('inv-3', 'pay-1', 'alloc-3', '225.25'))
      .events();
    expect(applied!.data).toMatchObject({
      amountApplied: '225.25',
      amountOpen: '225.25',
      status: 'partially_paid',
    });
  });

  it('2: the second payment (300.00, of which 225.25 is allocated) pays invoice 3 in full', () => {
    const events = play(issued(inv3), [
      apply('inv-3', 'pay-1', 'alloc-3', '225.25'),
      apply('inv-3', 'pay-2', 'alloc-4', '225.25'),
    ]);
    expect(events.at(-1)!.data).toMatchObject({
      amountApplied: '225.25',
      amountOpen: '0.00',
      status: 'paid',
    });
    expect(fold(events).status).toBe('paid');
  });

  it('3: reversing the first payment reopens invoices 1 and 2 and puts 225.25 back on invoice 3', () => {
    const one = play(issued(inv1), [
      apply('inv-1', 'pay-1', 'alloc-1', '1200.00'),
      reverse('inv-1', 'pay-1', 'alloc-1'),
    ]);
    expect(one.at(-1)!.data).toMatchObject({
      amountReversed: '1200.00',
      amountOpen: '1200.00',
      status: 'issued',
    });
    const two = play(issued(inv2), [
      apply('inv-2', 'pay-1', 'alloc-2', '800.00'),
      reverse('inv-2', 'pay-1', 'alloc-2'),
    ]);
    expect([amountOpen(fold(two)).amount, fold(two).status]).toEqual(['800.00', 'issued']);
    const three = play(issued(inv3), [
      apply('inv-3', 'pay-1', 'alloc-3', '225.25'),
      apply('inv-3', 'pay-2', 'alloc-4', '225.25'),
      reverse('inv-3', 'pay-1', 'alloc-3'),
    ]);
    expect(three.at(-1)!.data).toMatchObject({
      amountReversed: '225.25',
      amountOpen: '225.25',
      status: 'partially_paid',
    });
  });

  it('reverses an allocation once: a second reversal, or one of an unknown allocation, changes nothing', () => {
    const events = play(issued(inv1), [
      apply('inv-1', 'pay-1', 'alloc-1', '1200.00'),
      reverse('inv-1', 'pay-1', 'alloc-1'),
    ]);
    spec
      .given(events)
      .when(reverse('inv-1', 'pay-1', 'alloc-1'))
      .then([]);
    spec
      .given(events)
      .when(reverse('inv-1', 'pay-1', 'alloc-unknown'))
      .then([]);
  });

  it('applies an allocation once: a redelivered allocation changes nothing', () => {
    const events = play(issued(inv1), [apply('inv-1', 'pay-1', 'alloc-1', '100.00')]);
    spec
      .given(events)
      .when(apply('inv-1', 'pay-1', 'alloc-1', '100.00'))
      .then([]);
  });

  it('rejects an over-application as an event, so payments can return the money', () => {
    const events = play(issued(inv3), [apply('inv-3', 'pay-1', 'alloc-3', '225.25')]);
    spec
      .given(events)
      .when(apply('inv-3', 'pay-2', 'alloc-4', '300.00'))
      .then([
        {
          type: 'PaymentAllocationRejected',
          data: {
            invoiceId: 'inv-3',
            billingAccountId: accountId,
            paymentId: 'pay-2',
            allocationId: 'alloc-4',
            currency: 'USD',
            amount: '300.00',
            reason: 'over_application',
            message: 'The amount 300.00 exceeds the open amount 225.25',
            amountOpen: '225.25',
          },
        },
      ]);
  });

  it('rejects any further allocation to a paid invoice as an over-application', () => {
    const paid = play(issued(inv2), [apply('inv-2', 'pay-1', 'alloc-2', '800.00')]);
    const [event] = spec
      .given(paid)
      .when(apply('inv-2', 'pay-2', 'alloc-9', '0.01'))
      .events();
    expect(event!.data).toMatchObject({ reason: 'over_application', amountOpen: '0.00' });
  });

  it('rejects an allocation to an invoice that does not exist, keyed by the payment account', () => {
    const [event] = spec
      .given([])
      .when(apply('inv-404', 'pay-1', 'a', '1.00'))
      .events();
    expect(event).toMatchObject({
      type: 'PaymentAllocationRejected',
      data: { invoiceId: 'inv-404', billingAccountId: accountId, reason: 'invoice_not_issued' },
    });
  });

  it('rejects allocations to a voided or unissued invoice as events', () => {
    const voided = play(issued(inv1), [
      {
        type: 'VoidInvoice',
        data: { invoiceId: 'inv-1', reason: 'sent in error', voidedAt: '2026-01-06T00:00:00Z' },
      },
    ]);
    expect(
      spec
        .given(voided)
        .when(apply('inv-1', 'pay-1', 'a', '1.00'))
        .events()[0]!.data,
    ).toMatchObject({ reason: 'invoice_not_open' });
    const drafted = invoiceDecider.decide(
      draftCommand('inv-9', [line()]),
      invoiceDecider.initialState(),
    );
    expect(
      spec
        .given(drafted)
        .when(apply('inv-9', 'pay-1', 'a', '1.00'))
        .events()[0]!.data,
    ).toMatchObject({ reason: 'invoice_not_issued' });
  });

  it('states nothing open when it refuses an allocation to a voided invoice, not what was open before the void', () => {
    const voided = play(issued(inv1), [
      {
        type: 'VoidInvoice',
        data: { invoiceId: 'inv-1', reason: 'sent in error', voidedAt: '2026-01-06T00:00:00Z' },
      },
    ]);
    expect(
      spec
        .given(voided)
        .when(apply('inv-1', 'pay-1', 'a', '1.00'))
        .events()[0]!.data,
    ).toMatchObject({
      reason: 'invoice_not_open',
      message: 'The invoice is voided',
      amountOpen: '0.00',
    });
  });

  it('rejects an allocation to a draft that was voided before issue', () => {
    const voidedDraft = play(
      invoiceDecider.decide(draftCommand('inv-9', [line()]), invoiceDecider.initialState()),
      [
        {
          type: 'VoidInvoice',
          data: { invoiceId: 'inv-9', reason: 'not needed', voidedAt: '2026-01-06T00:00:00Z' },
        },
      ],
    );
    expect(fold(voidedDraft).status).toBe('voided');
    const [event] = spec
      .given(voidedDraft)
      .when(apply('inv-9', 'pay-1', 'a', '1.00'))
      .events();
    expect(event!.data).toMatchObject({ reason: 'invoice_not_issued', amountOpen: '0.00' });
  });

  it('refuses an allocation in another currency or of a non-positive amount as an error', () => {
    spec
      .given(issued(inv1))
      .when({
        type: 'ApplyPaymentAllocation',
        data: {
          invoiceId: 'inv-1',
          billingAccountId: accountId,
          paymentId: 'p',
          allocationId: 'a',
          amount: '1.00',
          currency: 'EUR',
        },
      })
      .thenThrows({ code: 'CURRENCY_MISMATCH', kind: 'invalid' });
    spec
      .given(issued(inv1))
      .when(apply('inv-1', 'p', 'a', '0.00'))
      .thenThrows({ code: 'INVALID_AMOUNT', kind: 'invalid' });
  });
});

describe('voiding', () => {
  const voidIt = (invoiceId: string): InvoiceCommand => ({
    type: 'VoidInvoice',
    data: { invoiceId, reason: 'duplicate', voidedAt: '2026-01-06T00:00:00Z' },
  });

  it('voids an issued invoice with nothing applied', () => {
    spec
      .given(issued(inv1))
      .when(voidIt('inv-1'))
      .then([
        {
          type: 'InvoiceVoided',
          data: {
            invoiceId: 'inv-1',
            billingAccountId: accountId,
            reason: 'duplicate',
            voidedAt: '2026-01-06T00:00:00Z',
          },
        },
      ]);
  });

  it('refuses to void once a payment is applied, and allows it again after the payment is reversed', () => {
    const paid = play(issued(inv1), [apply('inv-1', 'pay-1', 'alloc-1', '100.00')]);
    spec
      .given(paid)
      .when(voidIt('inv-1'))
      .thenThrows({ code: 'INVOICE_STATUS_CONFLICT', kind: 'conflict' });
    const reversed = play(paid, [reverse('inv-1', 'pay-1', 'alloc-1')]);
    expect(
      spec
        .given(reversed)
        .when(voidIt('inv-1'))
        .events()
        .map((e) => e.type),
    ).toEqual(['InvoiceVoided']);
  });

  it('refuses to void a partly credited invoice', () => {
    const credited = play(issued(inv1), [
      {
        type: 'IssueCreditNote',
        data: {
          invoiceId: 'inv-1',
          creditNoteId: 'cn-1',
          number: 'CN-2026-000001',
          issueDate: '2026-01-10',
          scope: { kind: 'amount', amount: '100.00' },
          reason: 'goodwill',
        },
      },
    ]);
    spec
      .given(credited)
      .when(voidIt('inv-1'))
      .thenThrows({ code: 'INVOICE_HAS_APPLICATIONS', kind: 'conflict' });
  });
});

describe('credit notes', () => {
  const credit = (
    scope: Extract<InvoiceCommand, { type: 'IssueCreditNote' }>['data']['scope'],
    creditNoteId = 'cn-1',
    extra = {},
  ): InvoiceCommand => ({
    type: 'IssueCreditNote',
    data: {
      invoiceId: 'inv-1',
      creditNoteId,
      number: `CN-2026-00000${creditNoteId.slice(-1)}`,
      issueDate: '2026-01-10',
      scope,
      reason: 'billing_error',
      ...extra,
    },
  });
  const twoLines = issuedInvoiceEvents(
    'inv-1',
    [line({ lineId: 'a' }), line({ lineId: 'b', unitPrice: '100.00', taxRate: '0' })],
    'INV-2026-000001',
    '2026-01-05',
  );

  it('credits the whole invoice, which becomes credited with nothing open', () => {
    const [event] = spec
      .given(twoLines)
      .when(credit({ kind: 'whole' }))
      .events();
    expect(event!.data).toMatchObject({
      amount: '1300.00',
      netAmount: '1100.00',
      taxAmount: '200.00',
      amountOpen: '0.00',
      status: 'credited',
    });
  });

  it('credits chosen lines once each', () => {
    const events = play(twoLines, [credit({ kind: 'lines', lineIds: ['b'] })]);
    expect(events.at(-1)!.data).toMatchObject({
      amount: '100.00',
      amountOpen: '1200.00',
      status: 'issued',
      lines: [{ lineId: 'b', net: '100.00', tax: '0.00', total: '100.00' }],
    });
    spec
      .given(events)
      .when(credit({ kind: 'lines', lineIds: ['b', 'zz'] }, 'cn-2'))
      .thenThrows({
        code: 'INVALID_CREDIT_NOTE',
        problems: [
          { field: 'scope.lineIds[0]', reason: 'line b was already credited' },
          { field: 'scope.lineIds[1]', reason: 'no line zz on this invoice' },
        ],
      });
  });

  it('splits an amount credit into net and tax in the invoice proportions', () => {
    const [event] = spec
      .given(issued(inv1))
      .when(
        credit({ kind: 'amount', amount: '120.00' }, 'cn-1', {
          reason: 'dispute',
          disputeId: 'dsp-1',
        }),
      )
      .events();
    expect(event!.data).toMatchObject({
      amount: '120.00',
      netAmount: '100.00',
      taxAmount: '20.00',
      disputeId: 'dsp-1',
      amountOpen: '1080.00',
    });
  });

  it('never credits more than the open amount: a paid part is not credited here', () => {
    const partlyPaid = play(issued(inv1), [apply('inv-1', 'pay-1', 'alloc-1', '1000.00')]);
    spec
      .given(partlyPaid)
      .when(credit({ kind: 'amount', amount: '200.01' }))
      .thenThrows({ code: 'CREDIT_EXCEEDS_OPEN_AMOUNT', kind: 'conflict' });
    spec
      .given(partlyPaid)
      .when(credit({ kind: 'whole' }))
      .thenThrows({ code: 'CREDIT_EXCEEDS_OPEN_AMOUNT' });
    const [event] = spec
      .given(partlyPaid)
      .when(credit({ kind: 'amount', amount: '200.00' }))
      .events();
    expect(event!.data).toMatchObject({ amountOpen: '0.00', status: 'credited' });
  });

  it('requires the dispute id for a dispute credit, and issues each credit note once', () => {
    spec
      .given(issued(inv1))
      .when(credit({ kind: 'amount', amount: '1.00' }, 'cn-1', { reason: 'dispute' }))
      .thenThrows({ code: 'INVALID_COMMAND' });
    const events = play(issued(inv1), [credit({ kind: 'amount', amount: '1.00' })]);
    spec
      .given(events)
      .when(credit({ kind: 'amount', amount: '1.00' }))
      .then([]);
  });

  it('reopens a credited invoice only through a payment reversal, keeping open within the total', () => {
    const events = play(issued(inv1), [
      apply('inv-1', 'pay-1', 'alloc-1', '1000.00'),
      credit({ kind: 'amount', amount: '200.00' }),
      reverse('inv-1', 'pay-1', 'alloc-1'),
    ]);
    expect(events.at(-1)!.data).toMatchObject({ amountOpen: '1000.00', status: 'issued' });
  });
});

describe('write-offs approved by collections', () => {
  const writeOff = (
    amount: string,
    writeOffId = 'wo-1',
    extra: Partial<Extract<InvoiceCommand, { type: 'ApplyInvoiceAdjustment' }>['data']> = {},
  ): InvoiceCommand => ({
    type: 'ApplyInvoiceAdjustment',
    data: {
      invoiceId: 'inv-3',
      billingAccountId: accountId,
      writeOffId,
      amount,
      currency: 'USD',
      reason: 'uncollectible',
      writtenOffAt: '2026-06-01T00:00:00Z',
      ...extra,
    },
  });
  const rejected = (data: Partial<InvoiceAdjustmentRejected>): InvoiceEvent => ({
    type: 'InvoiceAdjustmentRejected',
    data: {
      invoiceId: 'inv-3',
      billingAccountId: accountId,
      source: 'write_off',
      writeOffId: 'wo-1',
      currency: 'USD',
      rejectedAt: '2026-06-01T00:00:00Z',
      ...data,
    } as InvoiceAdjustmentRejected,
  });

  it('writes off up to the open amount, once per write-off', () => {
    const partlyPaid = play(issued(inv3), [apply('inv-3', 'pay-1', 'alloc-3', '225.25')]);
    const events = play(partlyPaid, [writeOff('225.25')]);
    expect(events.at(-1)).toEqual({
      type: 'InvoiceWrittenOff',
      data: {
        invoiceId: 'inv-3',
        billingAccountId: accountId,
        writeOffId: 'wo-1',
        currency: 'USD',
        amount: '225.25',
        amountOpen: '0.00',
        status: 'written_off',
        reason: 'uncollectible',
        writtenOffAt: '2026-06-01T00:00:00Z',
      },
    });
    spec.given(events).when(writeOff('225.25')).then([]);
  });

  it('leaves the invoice receivable after a partial write-off', () => {
    const events = play(issued(inv3), [writeOff('50.50')]);
    expect(events.at(-1)!.data).toMatchObject({ amountOpen: '400.00', status: 'issued' });
  });

  it('writes off what is open when a payment raced the write-off and records the rest as rejected, once', () => {
    const partlyPaid = play(issued(inv3), [apply('inv-3', 'pay-1', 'alloc-3', '225.25')]);
    const events = spec.given(partlyPaid).when(writeOff('300.00')).events();
    expect(events).toEqual([
      expect.objectContaining({
        type: 'InvoiceWrittenOff',
        data: expect.objectContaining({
          amount: '225.25',
          amountOpen: '0.00',
          status: 'written_off',
        }),
      }),
      rejected({
        amountRequested: '300.00',
        amountRejected: '74.75',
        reason: 'exceeds_open_amount',
        message: 'Only 225.25 of the write-off 300.00 was open',
        amountOpen: '0.00',
      }),
    ]);
    const after = play(partlyPaid, [writeOff('300.00')]);
    expect(amountOpen(fold(after)).amount).toBe('0.00');
    spec.given(after).when(writeOff('300.00')).then([]);
  });

  it('records a write-off of an invoice with nothing open, voided or never issued as rejected, once', () => {
    const paid = play(issued(inv3), [apply('inv-3', 'pay-1', 'alloc-3', '450.50')]);
    spec
      .given(paid)
      .when(writeOff('100.00'))
      .then([
        rejected({
          amountRequested: '100.00',
          amountRejected: '100.00',
          reason: 'invoice_not_open',
          message: 'The invoice is paid',
          amountOpen: '0.00',
        }),
      ]);
    const afterRejection = play(paid, [writeOff('100.00')]);
    spec.given(afterRejection).when(writeOff('100.00')).then([]);
    spec
      .given([])
      .when(writeOff('100.00'))
      .then([
        rejected({
          amountRequested: '100.00',
          amountRejected: '100.00',
          reason: 'invoice_not_issued',
          message: 'The invoice has not been issued',
          amountOpen: '0.00',
        }),
      ]);
  });

  it('records a write-off in another currency as rejected and refuses a malformed amount', () => {
    spec
      .given(issued(inv3))
      .when(writeOff('100.00', 'wo-1', { currency: 'EUR' }))
      .then([
        rejected({
          currency: 'EUR',
          amountRequested: '100.00',
          amountRejected: '100.00',
          reason: 'currency_mismatch',
          message: 'The invoice is in USD, the write-off in EUR',
          amountOpen: '450.50',
        }),
      ]);
    spec
      .given(issued(inv3))
      .when(writeOff('1.001'))
      .thenThrows({ code: 'INVALID_AMOUNT', problems: [{ field: 'amount' }] });
    spec.given(issued(inv3)).when(writeOff('0.00')).thenThrows({ code: 'INVALID_AMOUNT' });
  });
});

describe('credit notes for disputes accepted by disputes', () => {
  const accepted = (
    amount: string,
    extra: Partial<Extract<InvoiceCommand, { type: 'CreditAcceptedDispute' }>['data']> = {},
  ): InvoiceCommand => ({
    type: 'CreditAcceptedDispute',
    data: {
      invoiceId: 'inv-1',
      billingAccountId: accountId,
      disputeId: 'dsp-1',
      creditNoteId: 'cn-dsp-1',
      number: 'CN-2026-000007',
      issueDate: '2026-03-01',
      amount,
      currency: 'USD',
      decidedAt: '2026-03-01T10:00:00Z',
      ...extra,
    },
  });

  it('credits the accepted amount with a dispute credit note naming the dispute, once', () => {
    const events = spec.given(issued(inv1)).when(accepted('150.00')).events();
    expect(events).toEqual([
      {
        type: 'CreditNoteIssued',
        data: {
          invoiceId: 'inv-1',
          billingAccountId: accountId,
          creditNoteId: 'cn-dsp-1',
          number: 'CN-2026-000007',
          currency: 'USD',
          amount: '150.00',
          netAmount: '125.00',
          taxAmount: '25.00',
          lines: undefined,
          reason: 'dispute',
          disputeId: 'dsp-1',
          memo: undefined,
          issueDate: '2026-03-01',
          amountOpen: '1050.00',
          status: 'issued',
        },
      },
    ]);
    const after = play(issued(inv1), [accepted('150.00')]);
    spec.given(after).when(accepted('150.00')).then([]);
    // The same dispute again under another credit note id is still credited once.
    spec
      .given(after)
      .when(accepted('150.00', { creditNoteId: 'cn-other' }))
      .then([]);
  });

  it('credits only what is still open and records the rest as rejected', () => {
    const mostlyPaid = play(issued(inv1), [apply('inv-1', 'pay-1', 'alloc-1', '1100.00')]);
    const events = spec.given(mostlyPaid).when(accepted('150.00')).events();
    expect(events.map((e) => [e.type, e.data])).toEqual([
      [
        'CreditNoteIssued',
        expect.objectContaining({ amount: '100.00', amountOpen: '0.00', status: 'credited' }),
      ],
      [
        'InvoiceAdjustmentRejected',
        {
          invoiceId: 'inv-1',
          billingAccountId: accountId,
          source: 'dispute',
          disputeId: 'dsp-1',
          creditNoteId: 'cn-dsp-1',
          currency: 'USD',
          amountRequested: '150.00',
          amountRejected: '50.00',
          reason: 'exceeds_open_amount',
          message: 'Only 100.00 of the dispute credit 150.00 was open',
          amountOpen: '0.00',
          rejectedAt: '2026-03-01T10:00:00Z',
        },
      ],
    ]);
  });

  it('does not credit again what a coordinator already credited by hand for the dispute', () => {
    const byHand = play(issued(inv1), [
      {
        type: 'IssueCreditNote',
        data: {
          invoiceId: 'inv-1',
          creditNoteId: 'cn-hand',
          number: 'CN-2026-000001',
          issueDate: '2026-02-20',
          scope: { kind: 'amount', amount: '100.00' },
          reason: 'dispute',
          disputeId: 'dsp-1',
        },
      },
    ]);
    const [topUp] = spec.given(byHand).when(accepted('150.00')).events();
    expect(topUp!.data).toMatchObject({
      amount: '50.00',
      disputeId: 'dsp-1',
      amountOpen: '1050.00',
    });
    spec.given(byHand).when(accepted('100.00')).then([]);
  });

  it('states nothing open when it refuses the credit for a dispute on a voided invoice', () => {
    const voided = play(issued(inv1), [
      {
        type: 'VoidInvoice',
        data: { invoiceId: 'inv-1', reason: 'sent in error', voidedAt: '2026-01-06T00:00:00Z' },
      },
    ]);
    const events = spec.given(voided).when(accepted('150.00')).events();
    expect(events.map((e) => [e.type, e.data])).toEqual([
      [
        'InvoiceAdjustmentRejected',
        expect.objectContaining({
          disputeId: 'dsp-1',
          amountRejected: '150.00',
          reason: 'invoice_not_open',
          message: 'The invoice is voided',
          amountOpen: '0.00',
        }),
      ],
    ]);
  });

  it('records a dispute credit on a paid invoice as rejected, without taking a credit note number', () => {
    const paid = play(issued(inv1), [apply('inv-1', 'pay-1', 'alloc-1', '1200.00')]);
    const events = spec.given(paid).when(accepted('150.00')).events();
    expect(events.map((e) => e.type)).toEqual(['InvoiceAdjustmentRejected']);
    expect(events[0]!.data).toMatchObject({
      reason: 'invoice_not_open',
      amountRejected: '150.00',
      amountOpen: '0.00',
    });
    expect(events[0]!.data).not.toHaveProperty('creditNoteId');
    spec
      .given(play(paid, [accepted('150.00')]))
      .when(accepted('150.00'))
      .then([]);
  });
});

describe('chargebacks reported by payments', () => {
  const chargeback = (
    amount: string,
    chargebackId = 'cb-1',
    paymentId = 'pay-1',
  ): InvoiceCommand => ({
    type: 'ReverseChargedBackPayment',
    data: {
      invoiceId: 'inv-1',
      paymentId,
      chargebackId,
      chargebackReference: 'VISA-778',
      reasonCode: '13.3',
      amount,
      currency: 'USD',
    },
  });
  const paidInTwoParts = () =>
    play(issued(inv1), [
      apply('inv-1', 'pay-1', 'alloc-a', '700.00'),
      apply('inv-1', 'pay-2', 'alloc-x', '200.00'),
      apply('inv-1', 'pay-1', 'alloc-b', '300.00'),
    ]);

  it("reopens the invoice by the charged-back amount, undoing the payment's latest allocation first", () => {
    spec
      .given(paidInTwoParts())
      .when(chargeback('400.00'))
      .then([
        {
          type: 'PaymentAllocationReversed',
          data: {
            invoiceId: 'inv-1',
            billingAccountId: accountId,
            paymentId: 'pay-1',
            allocationId: 'alloc-b',
            currency: 'USD',
            amountReversed: '300.00',
            amountOpen: '300.00',
            status: 'partially_paid',
            reason: 'Chargeback VISA-778 (reason code 13.3)',
            chargebackId: 'cb-1',
          },
        },
        {
          type: 'PaymentAllocationReversed',
          data: {
            invoiceId: 'inv-1',
            billingAccountId: accountId,
            paymentId: 'pay-1',
            allocationId: 'alloc-a',
            currency: 'USD',
            amountReversed: '100.00',
            amountOpen: '400.00',
            status: 'partially_paid',
            reason: 'Chargeback VISA-778 (reason code 13.3)',
            chargebackId: 'cb-1',
          },
        },
      ]);
  });

  it('reverses a chargeback once, and a later bounce reverses only what the chargeback left', () => {
    const events = play(paidInTwoParts(), [chargeback('400.00')]);
    spec.given(events).when(chargeback('400.00')).then([]);
    const bounced = play(events, [reverse('inv-1', 'pay-1', 'alloc-a')]);
    expect(bounced.at(-1)!.data).toMatchObject({
      allocationId: 'alloc-a',
      amountReversed: '600.00',
      amountOpen: '1000.00',
      status: 'partially_paid',
    });
    spec
      .given(bounced)
      .when(reverse('inv-1', 'pay-1', 'alloc-b'))
      .then([]);
  });

  it('refuses a chargeback larger than what the payment still has applied to the invoice', () => {
    spec
      .given(paidInTwoParts())
      .when(chargeback('1000.01'))
      .thenThrows({ code: 'CHARGEBACK_EXCEEDS_APPLIED', kind: 'conflict' });
    spec
      .given(issued(inv1))
      .when(chargeback('1.00', 'cb-1', 'pay-9'))
      .thenThrows({ code: 'CHARGEBACK_EXCEEDS_APPLIED' });
    spec.given([]).when(chargeback('1.00')).thenThrows({ code: 'INVOICE_NOT_FOUND' });
  });

  it('reopens a credited invoice when the payment that settled the rest is charged back', () => {
    const events = play(issued(inv1), [
      apply('inv-1', 'pay-1', 'alloc-a', '1000.00'),
      {
        type: 'IssueCreditNote',
        data: {
          invoiceId: 'inv-1',
          creditNoteId: 'cn-1',
          number: 'CN-2026-000001',
          issueDate: '2026-02-20',
          scope: { kind: 'amount', amount: '200.00' },
          reason: 'goodwill',
        },
      },
      chargeback('150.00'),
    ]);
    expect(events.at(-1)!.data).toMatchObject({ amountOpen: '150.00', status: 'partially_paid' });
  });
});
