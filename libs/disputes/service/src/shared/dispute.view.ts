import { disputeTimeline, type DisputeState } from '@billing/disputes-domain';

/** A dispute as its stream has it now; every amount a decimal string. */
export function disputeView(state: DisputeState) {
  return {
    disputeId: state.disputeId,
    billingAccountId: state.billingAccountId,
    invoiceId: state.invoiceId,
    invoiceNumber: state.invoiceNumber,
    status: state.status,
    scope: state.scope,
    lineIds: state.lineIds,
    amount: state.amount,
    currency: state.currency,
    reasonCategory: state.reasonCategory,
    customerStatement: state.customerStatement,
    source: state.source,
    chargebackReference: state.chargebackReference,
    openedAt: state.openedAt,
    receivedDate: state.receivedDate,
    openedBy: state.openedBy,
    resolutionDueDate: state.resolutionDueDate,
    owner: state.owner,
    department: state.department,
    escalated: state.escalated,
    escalatedOn: state.escalatedOn,
    evidence: state.evidence,
    outcome: state.outcome,
    acceptedAmount: state.acceptedAmount,
    releasedAmount: state.releasedAmount,
    resolutionExplanation: state.resolutionExplanation,
    resolvedBy: state.resolvedBy,
    resolvedAt: state.resolvedAt,
  };
}

/** The dispute with everything that happened to it, in the order it happened. */
export function disputeWithTimeline(state: DisputeState) {
  return { ...disputeView(state), timeline: disputeTimeline(state) };
}
