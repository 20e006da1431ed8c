import { Money } from '@billing/money';
import { own } from '../shared/records';
import type { AllocationTrailStatus, AuditEntry, AuditTrailState } from './audit-trail.projection';

/** Every event that touched the account, in the store's global order as folded. */
export function auditTrailOf(state: AuditTrailState, billingAccountId: string): AuditEntry[] {
  return [...(own(state.accounts, billingAccountId) ?? [])];
}

function entryById(state: AuditTrailState, eventId: string): AuditEntry {
  const at = own(state.eventIndex, eventId);
  const entry = at === undefined ? undefined : own(state.accounts, at.billingAccountId)?.[at.index];
  if (entry === undefined) throw new Error(`audit trail has no event ${eventId}`);
  return entry;
}

export interface PaymentFollowUp {
  paymentId: string;
  billingAccountId: string;
  currency: string;
  amount: string;
  externalReference: string;
  receivedDate: string;
  receipt: AuditEntry | null;
  allocations: Array<{
    allocationId: string;
    invoiceId: string;
    invoiceNumber: string | null;
    amount: string;
    status: AllocationTrailStatus;
    events: AuditEntry[];
  }>;
  /** The invoices the payment reached, with what is still applied to each from this payment. */
  invoices: Array<{
    invoiceId: string;
    invoiceNumber: string | null;
    amountApplied: string;
    allocationIds: string[];
  }>;
  refunds: Array<{ refundId: string; amount: string; event: AuditEntry }>;
  reversal: AuditEntry | null;
  confirmations: AuditEntry[];
}

/** Links a receipt to its allocations and the invoices they reached; null for an unknown payment. */
export function followPayment(state: AuditTrailState, paymentId: string): PaymentFollowUp | null {
  const payment = own(state.payments, paymentId);
  if (payment === undefined) return null;
  const numberOf = (invoiceId: string) => own(state.invoiceNumbers, invoiceId) ?? null;
  const allocations = payment.allocationOrder.map((id) => {
    const trail = own(payment.allocations, id);
    if (trail === undefined) throw new Error(`payment ${paymentId} lists unknown allocation ${id}`);
    return {
      allocationId: trail.allocationId,
      invoiceId: trail.invoiceId,
      invoiceNumber: numberOf(trail.invoiceId),
      amount: trail.amount,
      status: trail.status,
      events: trail.eventIds.map((eventId) => entryById(state, eventId)),
    };
  });
  const invoices: PaymentFollowUp['invoices'] = [];
  for (const allocation of allocations) {
    let invoice = invoices.find((i) => i.invoiceId === allocation.invoiceId);
    if (invoice === undefined) {
      invoice = {
        invoiceId: allocation.invoiceId,
        invoiceNumber: allocation.invoiceNumber,
        amountApplied: Money.zero(payment.currency).amount,
        allocationIds: [],
      };
      invoices.push(invoice);
    }
    invoice.allocationIds.push(allocation.allocationId);
    if (allocation.status === 'applied') {
      invoice.amountApplied = Money.of(invoice.amountApplied, payment.currency).add(
        Money.of(allocation.amount, payment.currency),
      ).amount;
    }
  }
  return {
    paymentId,
    billingAccountId: payment.billingAccountId,
    currency: payment.currency,
    amount: payment.amount,
    externalReference: payment.externalReference,
    receivedDate: payment.receivedDate,
    receipt: payment.receiptEventId === null ? null : entryById(state, payment.receiptEventId),
    allocations,
    invoices,
    refunds: payment.refunds.map((r) => ({
      refundId: r.refundId,
      amount: r.amount,
      event: entryById(state, r.eventId),
    })),
    reversal: payment.reversalEventId === null ? null : entryById(state, payment.reversalEventId),
    confirmations: payment.confirmationEventIds.map((eventId) => entryById(state, eventId)),
  };
}
