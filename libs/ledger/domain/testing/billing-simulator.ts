import { Money } from '@billing/money';
import type { LedgerEvent } from '../src/shared/ledger-event';
import { addDays } from '../src/shared/business-date';

/**
 * Test helper: plays the four command-side services just far enough to emit valid event
 * sequences in a global order (the figures the real deciders would put in `amountOpen`, `status`,
 * `unappliedAfter`...). It keeps its own model of every invoice and payment so tests can compare
 * the ledger's figures with an independent count.
 */
export interface SimInvoice {
  invoiceId: string;
  billingAccountId: string;
  currency: string;
  number: string;
  total: Money;
  subtotal: Money;
  taxTotal: Money;
  open: Money;
  paid: Money;
  credited: Money;
  writtenOff: Money;
  issueDate: string;
  dueDate: string;
  voided: boolean;
  /** allocationId -> applied allocation. */
  applied: Map<string, { paymentId: string; amount: Money; reversed: boolean }>;
}

export interface SimPayment {
  paymentId: string;
  billingAccountId: string;
  currency: string;
  externalReference: string;
  amount: Money;
  unapplied: Money;
  refunded: Money;
  reversed: boolean;
  /** What the bounce took back (zero until then). */
  released: Money;
  allocations: SimAllocation[];
}

export interface SimAllocation {
  allocationId: string;
  invoiceId: string;
  amount: Money;
  status: 'pending' | 'confirmed' | 'returned' | 'reversed';
  /** Invoicing has not answered yet. */
  awaitingInvoicing: boolean;
  causationId: string;
}

export interface SimActor {
  id: string;
  roles: string[];
}

const services: Record<string, string> = {
  invoice: 'invoicing',
  payment: 'payments',
  dispute: 'disputes',
  writeoff: 'collections',
};

export class BillingSimulator {
  readonly events: LedgerEvent[] = [];
  readonly invoices = new Map<string, SimInvoice>();
  readonly payments = new Map<string, SimPayment>();
  readonly disputes = new Map<
    string,
    { invoiceId: string; billingAccountId: string; currency: string; amount: Money; open: boolean }
  >();
  today: string;
  actor: SimActor = { id: 'coordinator-1', roles: ['billing_coordinator'] };
  correlationId = 'corr-0';
  private position = 0;
  private readonly versions = new Map<string, number>();
  private invoiceSequence = 0;
  private creditNoteSequence = 0;
  private paymentSequence = 0;
  private counter = 0;

  constructor(startDate = '2026-03-01') {
    this.today = startDate;
  }

  advanceDays(days: number): this {
    this.today = addDays(this.today, days);
    return this;
  }

  private nextId(prefix: string): string {
    this.counter += 1;
    return `${prefix}-${String(this.counter).padStart(4, '0')}`;
  }

  private instant(): string {
    // Seconds past 08:00 grow with the position, so commit times ascend within a day.
    const seconds = 8 * 3600 + (this.position % 36000);
    const hh = String(Math.floor(seconds / 3600)).padStart(2, '0');
    const mm = String(Math.floor((seconds % 3600) / 60)).padStart(2, '0');
    const ss = String(seconds % 60).padStart(2, '0');
    return `${this.today}T${hh}:${mm}:${ss}.000Z`;
  }

  emit(
    streamId: string,
    type: string,
    data: unknown,
    causationId: string | null = null,
  ): LedgerEvent {
    this.position += 1;
    const version = (this.versions.get(streamId) ?? 0) + 1;
    this.versions.set(streamId, version);
    const at = this.instant();
    const event: LedgerEvent = {
      eventId: `evt-${String(this.position).padStart(6, '0')}`,
      type,
      schemaVersion: 1,
      data,
      streamId,
      streamVersion: version,
      globalPosition: this.position,
      occurredAt: at,
      recordedAt: at,
      metadata: {
        correlationId: this.correlationId,
        causationId,
        actor: { id: this.actor.id, roles: [...this.actor.roles] },
        service: services[streamId.slice(0, streamId.indexOf('-'))] ?? 'unknown',
      },
    };
    this.events.push(event);
    return event;
  }

  issueInvoice(p: {
    billingAccountId: string;
    currency: string;
    subtotal: string;
    taxTotal: string;
    termsDays?: number;
    invoiceId?: string;
    number?: string;
  }): string {
    const invoiceId = p.invoiceId ?? this.nextId('inv');
    this.invoiceSequence += 1;
    const number = p.number ?? `INV-2026-${String(this.invoiceSequence).padStart(6, '0')}`;
    const subtotal = Money.of(p.subtotal, p.currency);
    const taxTotal = Money.of(p.taxTotal, p.currency);
    const total = subtotal.add(taxTotal);
    const termsDays = p.termsDays ?? 30;
    const dueDate = addDays(this.today, termsDays);
    const zero = Money.zero(p.currency);
    this.invoices.set(invoiceId, {
      invoiceId,
      billingAccountId: p.billingAccountId,
      currency: p.currency,
      number,
      total,
      subtotal,
      taxTotal,
      open: total,
      paid: zero,
      credited: zero,
      writtenOff: zero,
      issueDate: this.today,
      dueDate,
      voided: false,
      applied: new Map(),
    });
    this.emit(`invoice-${invoiceId}`, 'InvoiceIssued', {
      invoiceId,
      billingAccountId: p.billingAccountId,
      number,
      currency: p.currency,
      issueDate: this.today,
      dueDate,
      paymentTermsDays: termsDays,
      lines: [
        {
          lineId: `${invoiceId}-l1`,
          description: 'Services',
          quantity: '1',
          unitPrice: subtotal.amount,
          taxRate: '0',
          net: subtotal.amount,
          tax: taxTotal.amount,
          total: total.amount,
        },
      ],
      subtotal: subtotal.amount,
      taxTotal: taxTotal.amount,
      total: total.amount,
    });
    return invoiceId;
  }

  private status(invoice: SimInvoice): string {
    if (invoice.voided) return 'voided';
    if (invoice.open.isZero()) {
      if (invoice.writtenOff.isPositive()) return 'written_off';
      if (invoice.paid.isZero()) return 'credited';
      return 'paid';
    }
    return invoice.paid.isPositive() ? 'partially_paid' : 'issued';
  }

  /** A credit note for `amount` (≤ open), split into net and tax in the invoice's proportion. */
  creditNote(
    invoiceId: string,
    amount: string,
    reason: 'billing_error' | 'dispute' | 'goodwill' = 'billing_error',
    disputeId?: string,
  ): string {
    const invoice = this.invoice(invoiceId);
    const credited = Money.of(amount, invoice.currency);
    if (credited.greaterThan(invoice.open) || !credited.isPositive())
      throw new Error(`cannot credit ${amount} on ${invoiceId}`);
    const [tax] = credited.allocate([
      invoice.taxTotal.toDecimal(),
      invoice.subtotal.toDecimal(),
    ]) as [Money, Money];
    const net = credited.subtract(tax);
    invoice.open = invoice.open.subtract(credited);
    invoice.credited = invoice.credited.add(credited);
    const creditNoteId = this.nextId('cn');
    this.creditNoteSequence += 1;
    this.emit(`invoice-${invoiceId}`, 'CreditNoteIssued', {
      invoiceId,
      billingAccountId: invoice.billingAccountId,
      creditNoteId,
      number: `CN-2026-${String(this.creditNoteSequence).padStart(6, '0')}`,
      currency: invoice.currency,
      amount: credited.amount,
      netAmount: net.amount,
      taxAmount: tax.amount,
      reason,
      ...(disputeId === undefined ? {} : { disputeId }),
      issueDate: this.today,
      amountOpen: invoice.open.amount,
      status: this.status(invoice),
    });
    return creditNoteId;
  }

  receivePayment(p: {
    billingAccountId: string;
    currency: string;
    amount: string;
    externalReference?: string;
    paymentId?: string;
  }): string {
    const paymentId = p.paymentId ?? this.nextId('pay');
    this.paymentSequence += 1;
    const externalReference =
      p.externalReference ?? `BANK-${String(this.paymentSequence).padStart(5, '0')}`;
    const amount = Money.of(p.amount, p.currency);
    this.payments.set(paymentId, {
      paymentId,
      billingAccountId: p.billingAccountId,
      currency: p.currency,
      externalReference,
      amount,
      unapplied: amount,
      refunded: Money.zero(p.currency),
      reversed: false,
      released: Money.zero(p.currency),
      allocations: [],
    });
    this.emit(`payment-${paymentId}`, 'PaymentReceived', {
      paymentId,
      billingAccountId: p.billingAccountId,
      amount: amount.amount,
      currency: p.currency,
      method: 'bank_transfer',
      externalReference,
      receivedDate: this.today,
      recordedAt: this.instant(),
    });
    return paymentId;
  }

  /**
   * Proposes the allocations (payments), then, unless `pending`, lets invoicing apply or reject
   * each one and payments record the outcome, as the process managers would. Pending allocations
   * wait for `settlePending`, so a payment can bounce while invoicing has not answered yet.
   */
  allocate(
    paymentId: string,
    parts: Array<{ invoiceId: string; amount: string }>,
    options: { pending?: boolean } = {},
  ): string[] {
    const payment = this.payment(paymentId);
    const proposed = parts.map((part, index) => ({
      allocationId: `${paymentId}-a${payment.allocations.length + index + 1}`,
      invoiceId: part.invoiceId,
      amount: Money.of(part.amount, payment.currency),
    }));
    const total = Money.sum(
      proposed.map((p) => p.amount),
      payment.currency,
    );
    if (total.greaterThan(payment.unapplied) || payment.reversed)
      throw new Error(`cannot allocate ${total.amount} of ${paymentId}`);
    payment.unapplied = payment.unapplied.subtract(total);
    const allocated = this.emit(`payment-${paymentId}`, 'PaymentAllocated', {
      paymentId,
      billingAccountId: payment.billingAccountId,
      currency: payment.currency,
      mode: 'instructed',
      allocations: proposed.map((p) => ({
        allocationId: p.allocationId,
        invoiceId: p.invoiceId,
        amount: p.amount.amount,
      })),
      unappliedAfter: payment.unapplied.amount,
      allocatedAt: this.instant(),
    });
    for (const p of proposed)
      payment.allocations.push({
        ...p,
        status: 'pending',
        awaitingInvoicing: true,
        causationId: allocated.eventId,
      });
    if (!options.pending) this.settlePending(paymentId);
    return proposed.map((p) => p.allocationId);
  }

  /** Invoicing answers every allocation of the payment it has not answered yet. */
  settlePending(paymentId: string): void {
    const payment = this.payment(paymentId);
    for (const allocation of payment.allocations.filter((a) => a.awaitingInvoicing)) {
      allocation.awaitingInvoicing = false;
      const invoice = this.invoice(allocation.invoiceId);
      const base = {
        invoiceId: allocation.invoiceId,
        billingAccountId: invoice.billingAccountId,
        paymentId,
        allocationId: allocation.allocationId,
        currency: invoice.currency,
      };
      if (invoice.voided || allocation.amount.greaterThan(invoice.open)) {
        const rejected = this.emit(
          `invoice-${allocation.invoiceId}`,
          'PaymentAllocationRejected',
          {
            ...base,
            amount: allocation.amount.amount,
            reason: invoice.voided ? 'invoice_not_open' : 'over_application',
            message: 'refused',
            amountOpen: invoice.open.amount,
          },
          allocation.causationId,
        );
        // After a bounce, payments ignores late answers: the reversal already released the amount.
        if (payment.reversed) continue;
        payment.unapplied = payment.unapplied.add(allocation.amount);
        allocation.status = 'returned';
        this.emit(
          `payment-${paymentId}`,
          'AllocationReturned',
          {
            paymentId,
            billingAccountId: payment.billingAccountId,
            allocationId: allocation.allocationId,
            invoiceId: allocation.invoiceId,
            currency: payment.currency,
            amount: allocation.amount.amount,
            reason: 'over_application',
            unappliedAfter: payment.unapplied.amount,
          },
          rejected.eventId,
        );
        continue;
      }
      this.applyToInvoice(invoice, allocation, base);
      if (payment.reversed) {
        // Invoicing applied an allocation of a payment that had already bounced: it reverses it.
        this.reverseOnInvoice(
          paymentId,
          allocation,
          'payment reversed before the allocation was applied',
          allocation.causationId,
        );
        continue;
      }
      allocation.status = 'confirmed';
      this.emit(`payment-${paymentId}`, 'AllocationConfirmed', {
        paymentId,
        billingAccountId: payment.billingAccountId,
        allocationId: allocation.allocationId,
        invoiceId: allocation.invoiceId,
        currency: payment.currency,
        amount: allocation.amount.amount,
      });
    }
  }

  private applyToInvoice(
    invoice: SimInvoice,
    allocation: SimAllocation,
    base: Record<string, string>,
  ): void {
    invoice.open = invoice.open.subtract(allocation.amount);
    invoice.paid = invoice.paid.add(allocation.amount);
    invoice.applied.set(allocation.allocationId, {
      paymentId: base.paymentId as string,
      amount: allocation.amount,
      reversed: false,
    });
    this.emit(
      `invoice-${invoice.invoiceId}`,
      'PaymentAllocationApplied',
      {
        ...base,
        amountApplied: allocation.amount.amount,
        amountOpen: invoice.open.amount,
        status: invoice.open.isZero() ? 'paid' : 'partially_paid',
      },
      allocation.causationId,
    );
  }

  private reverseOnInvoice(
    paymentId: string,
    allocation: SimAllocation,
    reason: string,
    causationId: string,
  ): void {
    const invoice = this.invoice(allocation.invoiceId);
    const applied = invoice.applied.get(allocation.allocationId);
    if (applied === undefined || applied.reversed) return;
    applied.reversed = true;
    invoice.open = invoice.open.add(allocation.amount);
    invoice.paid = invoice.paid.subtract(allocation.amount);
    this.emit(
      `invoice-${allocation.invoiceId}`,
      'PaymentAllocationReversed',
      {
        invoiceId: allocation.invoiceId,
        billingAccountId: invoice.billingAccountId,
        paymentId,
        allocationId: allocation.allocationId,
        currency: invoice.currency,
        amountReversed: allocation.amount.amount,
        amountOpen: invoice.open.amount,
        status: this.status(invoice),
        reason,
      },
      causationId,
    );
  }

  /**
   * The payment bounced: payments releases everything not refunded (pending allocations too), and
   * invoicing reverses each allocation it had applied.
   */
  reversePayment(paymentId: string, reason = 'returned by the bank'): void {
    const payment = this.payment(paymentId);
    if (payment.reversed) throw new Error(`${paymentId} is already reversed`);
    const toReverse = payment.allocations.filter(
      (a) => a.status === 'confirmed' || a.status === 'pending',
    );
    const reversal = this.emit(`payment-${paymentId}`, 'PaymentReversed', {
      paymentId,
      billingAccountId: payment.billingAccountId,
      currency: payment.currency,
      reason,
      allocationsToReverse: toReverse.map((a) => ({
        allocationId: a.allocationId,
        invoiceId: a.invoiceId,
        amount: a.amount.amount,
      })),
      unappliedReleased: payment.unapplied.amount,
      reversedAt: this.instant(),
    });
    payment.reversed = true;
    // Added to what an earlier chargeback took: a bounce reverses only what is left.
    payment.released = Money.sum(
      [payment.released, ...toReverse.map((a) => a.amount), payment.unapplied],
      payment.currency,
    );
    payment.unapplied = Money.zero(payment.currency);
    for (const allocation of toReverse) {
      allocation.status = 'reversed';
      this.reverseOnInvoice(paymentId, allocation, reason, reversal.eventId);
    }
  }

  /**
   * The card network claws back `amount` of the payment: unapplied credit first (no invoice
   * reopens), then whole confirmed allocations, most recent first, each reopened on its invoice.
   * The simulator charges back whole allocations only.
   */
  chargeBack(paymentId: string, amount: string, reference = 'CB-1'): string {
    const payment = this.payment(paymentId);
    let left = Money.of(amount, payment.currency);
    if (!left.isPositive() || payment.reversed) throw new Error(`cannot charge back ${paymentId}`);
    const chargebackId = this.nextId('cb');
    const common = {
      billingAccountId: payment.billingAccountId,
      paymentId,
      chargebackId,
      chargebackReference: reference,
      currency: payment.currency,
      reasonCode: '10.4',
      receivedAt: this.instant(),
    };
    const fromUnapplied = left.greaterThan(payment.unapplied) ? payment.unapplied : left;
    if (fromUnapplied.isPositive()) {
      payment.unapplied = payment.unapplied.subtract(fromUnapplied);
      left = left.subtract(fromUnapplied);
      this.emit(`payment-${paymentId}`, 'UnappliedCreditChargedBack', {
        ...common,
        amount: fromUnapplied.amount,
        unappliedAfter: payment.unapplied.amount,
      });
    }
    for (const allocation of [...payment.allocations].reverse()) {
      if (!left.isPositive()) break;
      if (allocation.status !== 'confirmed') continue;
      if (allocation.amount.greaterThan(left))
        throw new Error('the simulator charges back whole allocations only');
      left = left.subtract(allocation.amount);
      allocation.status = 'reversed';
      const received = this.emit(`payment-${paymentId}`, 'ChargebackReceived', {
        ...common,
        invoiceId: allocation.invoiceId,
        amount: allocation.amount.amount,
      });
      this.reverseOnInvoice(paymentId, allocation, `chargeback ${reference}`, received.eventId);
    }
    if (left.isPositive()) throw new Error(`chargeback exceeds what is left of ${paymentId}`);
    // What the bank took back, like a bounce's release (the property tests balance payments on it).
    payment.released = payment.released.add(Money.of(amount, payment.currency));
    return chargebackId;
  }

  refund(paymentId: string, amount: string): string {
    const payment = this.payment(paymentId);
    const refunded = Money.of(amount, payment.currency);
    if (refunded.greaterThan(payment.unapplied) || !refunded.isPositive() || payment.reversed)
      throw new Error(`cannot refund ${amount} of ${paymentId}`);
    payment.unapplied = payment.unapplied.subtract(refunded);
    payment.refunded = payment.refunded.add(refunded);
    const refundId = this.nextId('refund');
    this.emit(`payment-${paymentId}`, 'UnappliedCreditRefunded', {
      paymentId,
      billingAccountId: payment.billingAccountId,
      refundId,
      currency: payment.currency,
      amount: refunded.amount,
      unappliedAfter: payment.unapplied.amount,
      refundedAt: this.instant(),
    });
    return refundId;
  }

  writeOff(invoiceId: string, amount: string): string {
    const invoice = this.invoice(invoiceId);
    const written = Money.of(amount, invoice.currency);
    if (written.greaterThan(invoice.open) || !written.isPositive())
      throw new Error(`cannot write off ${amount} of ${invoiceId}`);
    const writeOffId = this.nextId('wo');
    const approved = this.emit(`writeoff-${writeOffId}`, 'WriteOffApproved', {
      billingAccountId: invoice.billingAccountId,
      writeOffId,
      currency: invoice.currency,
      amount: written.amount,
      invoices: [{ invoiceId, amount: written.amount }],
      reason: 'uncollectable',
      requestedBy: 'agent-1',
      approvedBy: 'system',
      autoApproved: true,
      approvedAt: this.instant(),
    });
    invoice.open = invoice.open.subtract(written);
    invoice.writtenOff = invoice.writtenOff.add(written);
    this.emit(
      `invoice-${invoiceId}`,
      'InvoiceWrittenOff',
      {
        invoiceId,
        billingAccountId: invoice.billingAccountId,
        writeOffId,
        currency: invoice.currency,
        amount: written.amount,
        amountOpen: invoice.open.amount,
        status: this.status(invoice),
        reason: 'uncollectable',
        writtenOffAt: this.instant(),
      },
      approved.eventId,
    );
    return writeOffId;
  }

  /** Voids an issued invoice that has nothing applied (what invoicing allows). */
  voidInvoice(invoiceId: string, reason = 'issued in error'): void {
    const invoice = this.invoice(invoiceId);
    if (invoice.voided || !invoice.open.equals(invoice.total))
      throw new Error(`cannot void ${invoiceId}`);
    invoice.voided = true;
    invoice.open = Money.zero(invoice.currency);
    this.emit(`invoice-${invoiceId}`, 'InvoiceVoided', {
      invoiceId,
      billingAccountId: invoice.billingAccountId,
      reason,
      voidedAt: this.instant(),
    });
  }

  openDispute(invoiceId: string, amount: string): string {
    const invoice = this.invoice(invoiceId);
    const disputeId = this.nextId('dsp');
    this.disputes.set(disputeId, {
      invoiceId,
      billingAccountId: invoice.billingAccountId,
      currency: invoice.currency,
      amount: Money.of(amount, invoice.currency),
      open: true,
    });
    this.emit(`dispute-${disputeId}`, 'DisputeOpened', {
      billingAccountId: invoice.billingAccountId,
      disputeId,
      invoiceId,
      invoiceNumber: invoice.number,
      scope: 'amount',
      amount,
      currency: invoice.currency,
      reasonCategory: 'pricing_error',
      customerStatement: 'The price is not what we agreed',
      openedAt: this.instant(),
      openedBy: 'customer-portal',
      source: 'manual',
      resolutionDueDate: addDays(this.today, 14),
    });
    return disputeId;
  }

  /** Accepting credits what is still open of the disputed amount (at most the invoice's open amount). */
  resolveDispute(disputeId: string, outcome: 'accepted' | 'rejected' | 'withdrawn'): void {
    const dispute = this.disputes.get(disputeId);
    if (dispute === undefined || !dispute.open) throw new Error(`no open dispute ${disputeId}`);
    dispute.open = false;
    const invoice = this.invoice(dispute.invoiceId);
    const base = {
      billingAccountId: dispute.billingAccountId,
      disputeId,
      invoiceId: dispute.invoiceId,
      currency: dispute.currency,
      resolvedBy: 'manager-1',
      resolvedAt: this.instant(),
    };
    if (outcome === 'accepted') {
      const accepted = Money.min(dispute.amount, invoice.open);
      this.emit(`dispute-${disputeId}`, 'DisputeAccepted', {
        ...base,
        outcome: 'accepted_full',
        acceptedAmount: accepted.amount,
        releasedAmount: dispute.amount.subtract(accepted).amount,
      });
      if (accepted.isPositive() && !invoice.voided)
        this.creditNote(dispute.invoiceId, accepted.amount, 'dispute', disputeId);
      return;
    }
    this.emit(
      `dispute-${disputeId}`,
      outcome === 'rejected' ? 'DisputeRejected' : 'DisputeWithdrawn',
      {
        ...base,
        explanation: 'resolved',
        releasedAmount: dispute.amount.amount,
      },
    );
  }

  invoice(invoiceId: string): SimInvoice {
    const invoice = this.invoices.get(invoiceId);
    if (invoice === undefined) throw new Error(`no invoice ${invoiceId}`);
    return invoice;
  }

  payment(paymentId: string): SimPayment {
    const payment = this.payments.get(paymentId);
    if (payment === undefined) throw new Error(`no payment ${paymentId}`);
    return payment;
  }
}
