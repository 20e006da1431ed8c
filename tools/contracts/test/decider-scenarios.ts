import { randomUUID } from 'node:crypto';
import type { RecordedEvent } from '@billing/event-store';
import type { Decider } from '@billing/kernel';
import {
  billingAccountDecider,
  invoiceDecider,
  numberingSeriesDecider,
  toAccountSnapshot,
  type AccountSnapshot,
  type InvoiceLineInput,
} from '@billing/invoicing-domain';
import { paymentDecider, paymentReferenceDecider } from '@billing/payments-domain';
import {
  collectionCaseDecider,
  collectionsAccountDecider,
  paymentPlanDecider,
  writeOffDecider,
} from '@billing/collections-domain';
import { disputeDecider } from '@billing/disputes-domain';

const accountId = 'acc-contracts-1';

/** A stream driven by a real decider; every event it emits is wrapped as the store would record it. */
class ScenarioStream<State, Command, Event extends { type: string; data: unknown }> {
  state: State;
  private version = 0;

  constructor(
    private readonly decider: Decider<State, Command, Event>,
    private readonly streamId: string,
    private readonly service: string,
    private readonly log: ScenarioLog,
  ) {
    this.state = decider.initialState();
  }

  run(command: Command): Event[] {
    const events = this.decider.decide(command, this.state);
    for (const event of events) {
      this.state = this.decider.evolve(this.state, event);
      this.version += 1;
      this.log.record(event, this.streamId, this.version, this.service);
    }
    return events;
  }
}

class ScenarioLog {
  readonly events: RecordedEvent[] = [];
  private position = 1000;
  private previousEventId: string | null = null;
  private readonly correlationId = randomUUID();

  record(
    event: { type: string; data: unknown },
    streamId: string,
    streamVersion: number,
    service: string,
  ): void {
    this.position += 3;
    const eventId = randomUUID();
    this.events.push({
      eventId,
      type: event.type,
      schemaVersion: 1,
      data: event.data,
      metadata: {
        correlationId: this.correlationId,
        causationId: this.previousEventId,
        actor: { id: 'user-ada', roles: ['billing-coordinator'] },
        service,
      },
      occurredAt: '2026-02-10T08:00:00.000Z',
      streamId,
      streamVersion,
      globalPosition: this.position,
      recordedAt: '2026-02-10T08:00:00.123Z',
    });
    this.previousEventId = eventId;
  }

  stream<State, Command, Event extends { type: string; data: unknown }>(
    decider: Decider<State, Command, Event>,
    streamId: string,
    service: string,
  ): ScenarioStream<State, Command, Event> {
    return new ScenarioStream(decider, streamId, service, this);
  }
}

const line = (
  lineId: string,
  unitPrice: string,
  taxRate: string,
  quantity = '1',
): InvoiceLineInput => ({
  lineId,
  description: 'Consulting',
  quantity,
  unitPrice,
  taxRate,
});

function invoicingScenario(log: ScenarioLog): void {
  const account = log.stream(billingAccountDecider, `billingaccount-${accountId}`, 'invoicing');
  const details = {
    billingAccountId: accountId,
    legalName: 'Acme Corp',
    billingContactName: 'Ada Payable',
    email: 'not-an-email',
    address: {
      line1: '1 Main St',
      city: 'Springfield',
      postalCode: '12345',
      region: 'IL',
      country: 'US',
    },
    country: 'US',
    taxId: '12-3456789',
    currency: 'USD',
    purchaseOrderRequired: true,
  };
  account.run({
    type: 'OpenBillingAccount',
    data: { ...details, paymentTermsDays: 30, openedAt: '2026-01-02T10:00:00.000Z' },
  });
  account.run({
    type: 'VerifyBillingDetails',
    data: { billingAccountId: accountId, checkedAt: '2026-01-02T10:01:00.000Z' },
  });
  account.run({
    type: 'UpdateBillingDetails',
    data: { ...details, email: 'ap@acme.example', updatedAt: '2026-01-02T10:02:00.000Z' },
  });
  account.run({
    type: 'VerifyBillingDetails',
    data: { billingAccountId: accountId, checkedAt: '2026-01-02T10:03:00.000Z' },
  });
  account.run({
    type: 'ChangePaymentTerms',
    data: {
      billingAccountId: accountId,
      paymentTermsDays: 45,
      reason: 'Negotiated',
      changedAt: '2026-01-03T09:00:00.000Z',
    },
  });
  account.run({
    type: 'PlaceCreditHold',
    data: { billingAccountId: accountId, reason: 'Overdue', placedAt: '2026-01-03T09:10:00.000Z' },
  });
  account.run({
    type: 'ReleaseCreditHold',
    data: { billingAccountId: accountId, reason: 'Paid', releasedAt: '2026-01-03T09:20:00.000Z' },
  });
  const snapshot: AccountSnapshot = toAccountSnapshot(account.state);

  const series = log.stream(numberingSeriesDecider, 'invoiceseries-INV-2026', 'invoicing');
  series.run({
    type: 'AssignNumber',
    data: {
      series: 'INV-2026',
      documentKind: 'invoice',
      documentId: 'inv-c1',
      billingAccountId: accountId,
      issueDate: '2026-01-05',
    },
  });
  // A series numbers every account's documents, and each NumberAssigned is keyed by its account:
  // one stream's versions spread over partitions (what docs/consumers.md must not advise against).
  for (const other of ['acc-series-2', 'acc-series-3', 'acc-series-4', 'acc-series-5'])
    series.run({
      type: 'AssignNumber',
      data: {
        series: 'INV-2026',
        documentKind: 'invoice',
        documentId: `inv-of-${other}`,
        billingAccountId: other,
        issueDate: '2026-01-05',
      },
    });

  const invoice = log.stream(invoiceDecider, 'invoice-inv-c1', 'invoicing');
  invoice.run({
    type: 'DraftInvoice',
    data: {
      invoiceId: 'inv-c1',
      billingAccountId: accountId,
      currency: 'USD',
      lines: [line('l1', '1000.00', '0.2')],
      purchaseOrderNumber: 'PO-77',
      draftedAt: '2026-01-04T09:00:00.000Z',
    },
  });
  invoice.run({
    type: 'UpdateDraft',
    data: {
      invoiceId: 'inv-c1',
      lines: [line('l1', '1000.00', '0.2'), line('l2', '85.00', '0.06', '5')],
      purchaseOrderNumber: 'PO-77',
      memo: 'January',
      updatedAt: '2026-01-04T09:30:00.000Z',
    },
  });
  invoice.run({
    type: 'ReviewInvoice',
    data: {
      invoiceId: 'inv-c1',
      account: snapshot,
      otherInvoices: [],
      reviewedAt: '2026-01-04T10:00:00.000Z',
    },
  });
  invoice.run({
    type: 'IssueInvoice',
    data: {
      invoiceId: 'inv-c1',
      account: snapshot,
      otherInvoices: [],
      number: 'INV-2026-000001',
      issueDate: '2026-01-05',
    },
  });
  invoice.run({
    type: 'MarkInvoiceSent',
    data: {
      invoiceId: 'inv-c1',
      channel: 'email',
      recipient: 'ap@acme.example',
      sentAt: '2026-01-05T08:00:00.000Z',
    },
  });
  const allocation = {
    invoiceId: 'inv-c1',
    billingAccountId: accountId,
    paymentId: 'pay-c1',
    currency: 'USD',
  };
  invoice.run({
    type: 'ApplyPaymentAllocation',
    data: { ...allocation, allocationId: 'alloc-c1', amount: '500.00' },
  });
  invoice.run({
    type: 'ApplyPaymentAllocation',
    data: { ...allocation, allocationId: 'alloc-c2', amount: '99999.00' },
  });
  invoice.run({
    type: 'ReversePaymentAllocation',
    data: {
      invoiceId: 'inv-c1',
      paymentId: 'pay-c1',
      allocationId: 'alloc-c1',
      reason: 'Payment bounced',
    },
  });
  invoice.run({
    type: 'IssueCreditNote',
    data: {
      invoiceId: 'inv-c1',
      creditNoteId: 'cn-c1',
      number: 'CN-2026-000001',
      issueDate: '2026-01-10',
      scope: { kind: 'amount', amount: '120.00' },
      reason: 'goodwill',
    },
  });
  invoice.run({
    type: 'ApplyInvoiceAdjustment',
    data: {
      invoiceId: 'inv-c1',
      billingAccountId: accountId,
      writeOffId: 'wo-c1',
      amount: '10.00',
      currency: 'USD',
      reason: 'Uncollectable remainder',
      writtenOffAt: '2026-03-01T09:00:00.000Z',
    },
  });
  invoice.run({
    type: 'ApplyPaymentAllocation',
    data: { ...allocation, paymentId: 'pay-c2', allocationId: 'alloc-c3', amount: '1000.00' },
  });
  invoice.run({
    type: 'ReverseChargedBackPayment',
    data: {
      invoiceId: 'inv-c1',
      paymentId: 'pay-c2',
      chargebackId: 'cb-c1',
      chargebackReference: 'VISA-CB-1',
      reasonCode: '13.3',
      amount: '200.00',
      currency: 'USD',
    },
  });
  invoice.run({
    type: 'CreditAcceptedDispute',
    data: {
      invoiceId: 'inv-c1',
      billingAccountId: accountId,
      disputeId: 'dsp-c1',
      creditNoteId: 'cn-c2',
      number: 'CN-2026-000002',
      issueDate: '2026-03-05',
      amount: '150.00',
      currency: 'USD',
      decidedAt: '2026-03-05T09:00:00.000Z',
    },
  });
  // Above the approval threshold a credit note waits for a second manager: one approved, one not.
  const pendingCredit = (creditNoteId: string, amount: string) => ({
    type: 'IssueCreditNote' as const,
    data: {
      invoiceId: 'inv-c1',
      creditNoteId,
      number: 'PENDING',
      issueDate: '2026-03-05',
      scope: { kind: 'amount' as const, amount },
      reason: 'goodwill' as const,
      approval: {
        threshold: '10.00',
        requestedBy: 'clerk-ann',
        requestedAt: '2026-03-05T10:00:00.000Z',
      },
    },
  });
  invoice.run(pendingCredit('cn-c3', '30.00'));
  invoice.run({
    type: 'ApproveCreditNote',
    data: {
      invoiceId: 'inv-c1',
      creditNoteId: 'cn-c3',
      approvedBy: 'manager-2',
      approverRoles: ['billing-manager'],
      approvedAt: '2026-03-05T11:00:00.000Z',
      number: 'CN-2026-000003',
      issueDate: '2026-03-05',
    },
  });
  invoice.run(pendingCredit('cn-c4', '20.00'));
  invoice.run({
    type: 'RejectCreditNote',
    data: {
      invoiceId: 'inv-c1',
      creditNoteId: 'cn-c4',
      rejectedBy: 'manager-2',
      rejectorRoles: ['billing-manager'],
      reason: 'Not agreed with the customer',
      rejectedAt: '2026-03-05T11:30:00.000Z',
    },
  });
  // More than is open: the open part is written off and the rest recorded as rejected.
  invoice.run({
    type: 'ApplyInvoiceAdjustment',
    data: {
      invoiceId: 'inv-c1',
      billingAccountId: accountId,
      writeOffId: 'wo-c2',
      amount: '600.00',
      currency: 'USD',
      reason: 'Customer insolvent',
      writtenOffAt: '2026-03-06T09:00:00.000Z',
    },
  });

  const voided = log.stream(invoiceDecider, 'invoice-inv-c2', 'invoicing');
  voided.run({
    type: 'DraftInvoice',
    data: {
      invoiceId: 'inv-c2',
      billingAccountId: accountId,
      currency: 'USD',
      lines: [line('l1', '800.00', '0')],
      purchaseOrderNumber: 'PO-78',
      draftedAt: '2026-01-06T09:00:00.000Z',
    },
  });
  voided.run({
    type: 'IssueInvoice',
    data: {
      invoiceId: 'inv-c2',
      account: snapshot,
      otherInvoices: [],
      number: 'INV-2026-000002',
      issueDate: '2026-01-06',
    },
  });
  voided.run({
    type: 'VoidInvoice',
    data: { invoiceId: 'inv-c2', reason: 'Issued twice', voidedAt: '2026-01-07T09:00:00.000Z' },
  });

  account.run({
    type: 'CloseBillingAccount',
    data: {
      billingAccountId: accountId,
      reason: 'Customer left',
      closedAt: '2026-06-01T09:00:00.000Z',
      openInvoiceCount: 0,
    },
  });
  // The customer asks to be forgotten: one manager requests, a second approves.
  account.run({
    type: 'RequestPersonalDataErasure',
    data: {
      billingAccountId: accountId,
      requestedBy: 'manager-1',
      reason: 'Customer request (GDPR art. 17)',
      requestedAt: '2026-06-02T09:00:00.000Z',
    },
  });
  account.run({
    type: 'ApprovePersonalDataErasure',
    data: {
      billingAccountId: accountId,
      approvedBy: 'manager-2',
      erasedAt: '2026-06-02T10:00:00.000Z',
      keyDestroyed: true,
    },
  });
}

function paymentsScenario(log: ScenarioLog): void {
  const openInvoices = [
    {
      invoiceId: 'inv-c1',
      number: 'INV-2026-000001',
      issueDate: '2026-01-05',
      dueDate: '2026-02-19',
      amountOpen: '1200.00',
      currency: 'USD',
    },
    {
      invoiceId: 'inv-c3',
      number: 'INV-2026-000003',
      issueDate: '2026-01-08',
      dueDate: '2026-02-22',
      amountOpen: '300.00',
      currency: 'USD',
    },
  ];
  const reference = log.stream(paymentReferenceDecider, 'paymentreference-9b2f7c1e', 'payments');
  reference.run({
    type: 'ClaimPaymentReference',
    data: { billingAccountId: accountId, paymentId: 'pay-c1', externalReference: 'bank 0001' },
  });
  const payment = log.stream(paymentDecider, 'payment-pay-c1', 'payments');
  payment.run({
    type: 'RecordPayment',
    data: {
      paymentId: 'pay-c1',
      billingAccountId: accountId,
      amount: '2000.00',
      currency: 'USD',
      method: 'bank_transfer',
      externalReference: 'bank 0001',
      receivedDate: '2026-02-10',
      remittance: [{ invoiceId: 'inv-c1', amount: '1200.00' }],
      recordedAt: '2026-02-10T08:00:00.000Z',
    },
  });
  const [allocated] = payment.run({
    type: 'AllocatePayment',
    data: { paymentId: 'pay-c1', openInvoices, allocatedAt: '2026-02-10T08:01:00.000Z' },
  });
  const allocations = allocated?.type === 'PaymentAllocated' ? allocated.data.allocations : [];
  const [first, second] = allocations;
  if (!first || !second) throw new Error(`expected two allocations, got ${allocations.length}`);
  payment.run({
    type: 'RecordAllocationOutcome',
    data: { paymentId: 'pay-c1', allocationId: first.allocationId, outcome: 'applied' },
  });
  payment.run({
    type: 'RecordAllocationOutcome',
    data: {
      paymentId: 'pay-c1',
      allocationId: second.allocationId,
      outcome: 'rejected',
      reason: 'invoice_not_open',
    },
  });
  payment.run({
    type: 'RefundUnapplied',
    data: {
      paymentId: 'pay-c1',
      refundId: 'ref-c1',
      amount: '100.00',
      currency: 'USD',
      refundedAt: '2026-02-11T08:00:00.000Z',
    },
  });
  payment.run({
    type: 'IssuePaymentConfirmation',
    data: {
      paymentId: 'pay-c1',
      confirmationId: 'conf-c1',
      onRequest: true,
      invoiceNumbers: { 'inv-c1': 'INV-2026-000001' },
      issuedAt: '2026-02-11T09:00:00.000Z',
    },
  });
  payment.run({
    type: 'ReversePayment',
    data: {
      paymentId: 'pay-c1',
      reason: 'Returned by the bank',
      reversedAt: '2026-02-12T08:00:00.000Z',
    },
  });

  const card = log.stream(paymentDecider, 'payment-pay-c2', 'payments');
  card.run({
    type: 'RecordPayment',
    data: {
      paymentId: 'pay-c2',
      billingAccountId: accountId,
      amount: '1200.00',
      currency: 'USD',
      method: 'card',
      externalReference: 'card 0002',
      receivedDate: '2026-02-20',
      recordedAt: '2026-02-20T08:00:00.000Z',
    },
  });
  const [cardAllocated] = card.run({
    type: 'AllocatePayment',
    data: {
      paymentId: 'pay-c2',
      openInvoices,
      instructions: [{ invoiceId: 'inv-c1', amount: '1000.00' }],
      allocatedAt: '2026-02-20T08:01:00.000Z',
    },
  });
  const cardAllocation =
    cardAllocated?.type === 'PaymentAllocated' ? cardAllocated.data.allocations[0] : undefined;
  if (!cardAllocation) throw new Error('expected the card payment to be allocated');
  card.run({
    type: 'RecordAllocationOutcome',
    data: { paymentId: 'pay-c2', allocationId: cardAllocation.allocationId, outcome: 'applied' },
  });
  // 200.00 comes out of unapplied credit, the other 100.00 out of the invoice.
  card.run({
    type: 'ReceiveChargeback',
    data: {
      paymentId: 'pay-c2',
      chargebackId: 'cb-c1',
      chargebackReference: 'VISA-CB-1',
      amount: '300.00',
      currency: 'USD',
      reasonCode: '13.3',
      reasonDescription: 'Not as described',
      receivedAt: '2026-03-01T08:00:00.000Z',
    },
  });
}

function collectionsScenario(log: ScenarioLog): void {
  const track = (invoiceId: string, invoiceNumber: string) => ({
    type: 'TrackInvoice' as const,
    data: {
      billingAccountId: accountId,
      invoiceId,
      invoiceNumber,
      currency: 'USD',
      amountTotal: '1200.00',
      amountOpen: '1200.00',
      dueDate: '2026-02-04',
      invoiceVersion: 4,
    },
  });
  const chased = log.stream(collectionCaseDecider, 'collectioncase-inv-c1', 'collections');
  chased.run(track('inv-c1', 'INV-2026-000001'));
  chased.run({
    type: 'RecordOpenAmountChanged',
    data: {
      amountOpen: '1000.00',
      cause: 'payment_applied',
      reference: 'pay-c1',
      occurredOn: '2026-02-05',
      invoiceVersion: 5,
    },
  });
  chased.run({ type: 'PlaceDisputeHold', data: { disputeId: 'dsp-c1', amount: '100.00' } });
  chased.run({
    type: 'ReleaseDisputeHold',
    data: { disputeId: 'dsp-c1', amountReleased: '100.00' },
  });
  chased.run({ type: 'PlaceUnderPlan', data: { planId: 'plan-c1', amount: '200.00' } });
  chased.run({
    type: 'ReleaseFromPlan',
    data: { planId: 'plan-c1', reason: 'cancelled', releasedOn: '2026-02-08' },
  });
  // Run late enough that two steps are due at once: the earlier one is skipped.
  chased.run({ type: 'RunDunning', data: { today: '2026-02-26' } });
  chased.run({
    type: 'MakePromiseToPay',
    data: {
      promiseId: 'ptp-c1',
      amount: '300.00',
      date: '2026-03-01',
      today: '2026-02-26',
      madeBy: 'agent-bo',
    },
  });
  chased.run({
    type: 'EvaluatePromise',
    data: { today: '2026-03-02', amountPaidSincePromise: '300.00' },
  });
  chased.run({
    type: 'MakePromiseToPay',
    data: {
      promiseId: 'ptp-c2',
      amount: '300.00',
      date: '2026-03-05',
      today: '2026-03-02',
      madeBy: 'agent-bo',
    },
  });
  chased.run({
    type: 'EvaluatePromise',
    data: { today: '2026-03-09', amountPaidSincePromise: '50.00' },
  });
  chased.run({ type: 'CloseCase', data: { reason: 'written_off', closedOn: '2026-04-01' } });

  const plan = log.stream(paymentPlanDecider, 'paymentplan-plan-c1', 'collections');
  plan.run({
    type: 'AgreePaymentPlan',
    data: {
      planId: 'plan-c1',
      billingAccountId: accountId,
      currency: 'USD',
      invoices: [{ invoiceId: 'inv-c1', amount: '300.00' }],
      total: '300.00',
      schedule: { count: 3, firstDueDate: '2026-03-01', intervalDays: 30 },
      today: '2026-02-20',
      agreedBy: 'agent-bo',
    },
  });
  plan.run({
    type: 'RecordPlanPayment',
    data: { paymentId: 'pay-p1', allocationId: 'alloc-p1', amount: '100.00', date: '2026-03-01' },
  });
  plan.run({
    type: 'RecordPlanPayment',
    data: { paymentId: 'pay-p3', allocationId: 'alloc-p3', amount: '100.00', date: '2026-03-30' },
  });
  plan.run({
    type: 'ReversePlanPayment',
    data: { paymentId: 'pay-p3', allocationId: 'alloc-p3', reason: 'NSF', date: '2026-04-02' },
  });
  plan.run({ type: 'EvaluatePlan', data: { today: '2026-04-20' } });

  const paidPlan = log.stream(paymentPlanDecider, 'paymentplan-plan-c2', 'collections');
  paidPlan.run({
    type: 'AgreePaymentPlan',
    data: {
      planId: 'plan-c2',
      billingAccountId: accountId,
      currency: 'USD',
      invoices: [{ invoiceId: 'inv-c3', amount: '200.00' }],
      total: '200.00',
      instalments: [
        { dueDate: '2026-03-01', amount: '100.00' },
        { dueDate: '2026-04-01', amount: '100.00' },
      ],
      today: '2026-02-20',
      agreedBy: 'agent-bo',
    },
  });
  paidPlan.run({
    type: 'RecordPlanPayment',
    data: { paymentId: 'pay-p2', amount: '200.00', date: '2026-02-28' },
  });
  paidPlan.run({ type: 'EvaluatePlan', data: { today: '2026-03-01' } });

  const account = log.stream(
    collectionsAccountDecider,
    `collectionsaccount-${accountId}`,
    'collections',
  );
  account.run({
    type: 'AssignAccountSegment',
    data: {
      billingAccountId: accountId,
      segment: 'enterprise',
      assignedBy: 'mgr-cy',
      assignedAt: '2026-02-01T09:00:00.000Z',
    },
  });

  account.run({
    type: 'CountWriteOff',
    data: {
      billingAccountId: accountId,
      writeOffId: 'wo-c1',
      currency: 'USD',
      amount: '600.00',
      invoices: [{ invoiceId: 'inv-c1', amount: '600.00' }],
      requestedAt: '2026-04-01T09:00:00.000Z',
    },
  });

  const request = (writeOffId: string, amount: string) => ({
    type: 'RequestWriteOff' as const,
    data: {
      writeOffId,
      billingAccountId: accountId,
      currency: 'USD',
      amount,
      invoices: [{ invoiceId: 'inv-c1', amount, amountOpen: '1000.00' }],
      reason: 'Customer insolvent',
      requestedBy: 'agent-bo',
      requestedAt: '2026-04-01T09:00:00.000Z',
    },
  });
  const approved = log.stream(writeOffDecider, 'writeoff-wo-c1', 'collections');
  approved.run(request('wo-c1', '600.00'));
  approved.run({
    type: 'ApproveWriteOff',
    data: {
      approvedBy: 'mgr-cy',
      approverRoles: ['billing-manager'],
      approvedAt: '2026-04-02T09:00:00.000Z',
    },
  });
  const rejected = log.stream(writeOffDecider, 'writeoff-wo-c2', 'collections');
  rejected.run(request('wo-c2', '700.00'));
  rejected.run({
    type: 'RejectWriteOff',
    data: {
      rejectedBy: 'mgr-cy',
      rejectorRoles: ['billing-manager'],
      reason: 'Keep chasing',
      rejectedAt: '2026-04-02T10:00:00.000Z',
    },
  });
}

function disputesScenario(log: ScenarioLog): void {
  const open = (disputeId: string) => ({
    type: 'OpenDispute' as const,
    data: {
      disputeId,
      invoiceId: 'inv-c1',
      invoiceNumber: 'INV-2026-000001',
      billingAccountId: accountId,
      scope: 'amount' as const,
      amount: '100.00',
      currency: 'USD',
      invoice: {
        currency: 'USD',
        total: '1000.00',
        amountOpen: '1000.00',
        amountOnHold: '0.00',
        status: 'issued' as const,
        lines: [],
      },
      reasonCategory: 'pricing_error' as const,
      customerStatement: 'Rate should be 90/h',
      openedAt: '2026-02-02T09:00:00.000Z',
      openedBy: 'agent-dee',
      source: 'manual' as const,
    },
  });
  const accepted = log.stream(disputeDecider, 'dispute-dsp-c1', 'disputes');
  accepted.run(open('dsp-c1'));
  accepted.run({
    type: 'AssignDispute',
    data: {
      owner: 'sam',
      department: 'sales',
      assignedBy: 'agent-dee',
      at: '2026-02-02T10:00:00.000Z',
    },
  });
  accepted.run({
    type: 'AddDisputeNote',
    data: { text: 'Checked the contract', author: 'sam', at: '2026-02-03T10:00:00.000Z' },
  });
  accepted.run({
    type: 'AddEvidence',
    data: {
      reference: 'doc-123',
      description: 'Signed rate card',
      addedBy: 'sam',
      at: '2026-02-03T11:00:00.000Z',
    },
  });
  accepted.run({
    type: 'LogCustomerCommunication',
    data: {
      channel: 'phone',
      summary: 'Explained the review',
      at: '2026-02-04T10:00:00.000Z',
      loggedBy: 'sam',
    },
  });
  accepted.run({ type: 'CheckDisputeSla', data: { today: '2026-03-30' } });
  accepted.run({
    type: 'ResolveDispute',
    data: {
      outcome: 'accepted_partial',
      acceptedAmount: '40.00',
      explanation: 'Rate card applies',
      resolvedBy: 'sam',
      resolvedAt: '2026-04-01T09:00:00.000Z',
    },
  });
  const rejected = log.stream(disputeDecider, 'dispute-dsp-c2', 'disputes');
  rejected.run(open('dsp-c2'));
  rejected.run({
    type: 'ResolveDispute',
    data: {
      outcome: 'rejected',
      explanation: 'Delivered as ordered',
      resolvedBy: 'sam',
      resolvedAt: '2026-02-05T09:00:00.000Z',
    },
  });
  const withdrawn = log.stream(disputeDecider, 'dispute-dsp-c3', 'disputes');
  withdrawn.run(open('dsp-c3'));
  withdrawn.run({
    type: 'ResolveDispute',
    data: { outcome: 'withdrawn', resolvedBy: 'sam', resolvedAt: '2026-02-05T09:00:00.000Z' },
  });
}

/**
 * The four contexts' typical flows, decided by the real deciders and recorded as the store would:
 * onboarding to closing an account, payment to reversal, dunning, promises, plans, write-offs and
 * disputes resolved three ways.
 */
export function recordScenarioEvents(): RecordedEvent[] {
  const log = new ScenarioLog();
  invoicingScenario(log);
  paymentsScenario(log);
  collectionsScenario(log);
  disputesScenario(log);
  return log.events;
}
