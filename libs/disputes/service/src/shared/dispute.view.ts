import { disputeDepartments, disputeReasonCategories } from '@billing/contracts';
import { disputeTimeline, type DisputeState } from '@billing/disputes-domain';
import { ViewField } from '@billing/platform';

const outcomes = ['accepted_full', 'accepted_partial', 'rejected', 'withdrawn'] as const;

/** A dispute as its stream has it now; every amount a decimal string. */
export class DisputeView {
  @ViewField.id() disputeId!: string;
  @ViewField.id() billingAccountId!: string;
  @ViewField.id() invoiceId!: string;
  @ViewField.text({ nullable: true, example: 'INV-2026-000001' }) invoiceNumber!: string | null;
  @ViewField.oneOf(['open', 'accepted', 'rejected', 'withdrawn'])
  status!: 'open' | 'accepted' | 'rejected' | 'withdrawn';
  @ViewField.oneOf(['whole', 'lines', 'amount'], { nullable: true })
  scope!: DisputeState['scope'];
  @ViewField.texts({ description: 'The disputed lines (scope `lines`)' }) lineIds!: string[];
  @ViewField.amount({ description: 'The disputed amount' }) amount!: string;
  @ViewField.currency() currency!: string;
  @ViewField.oneOf(disputeReasonCategories, { nullable: true })
  reasonCategory!: DisputeState['reasonCategory'];
  @ViewField.text() customerStatement!: string;
  @ViewField.oneOf(['manual', 'chargeback'], { nullable: true }) source!: DisputeState['source'];
  @ViewField.text({ nullable: true }) chargebackReference!: string | null;
  @ViewField.instant() openedAt!: string;
  @ViewField.date({ description: 'When the customer raised it; the SLA runs from it' })
  receivedDate!: string;
  @ViewField.text() openedBy!: string;
  @ViewField.date() resolutionDueDate!: string;
  @ViewField.text({ nullable: true }) owner!: string | null;
  @ViewField.oneOf(disputeDepartments, { nullable: true })
  department!: DisputeState['department'];
  @ViewField.boolean() escalated!: boolean;
  @ViewField.date({ nullable: true }) escalatedOn!: string | null;
  @ViewField.texts() evidence!: string[];
  @ViewField.oneOf(outcomes, { nullable: true }) outcome!: DisputeState['outcome'];
  @ViewField.amount({ nullable: true }) acceptedAmount!: string | null;
  @ViewField.amount({
    nullable: true,
    description:
      'What the resolution gave back to collections: the disputed amount less the accepted one',
  })
  releasedAmount!: string | null;
  @ViewField.text({ nullable: true }) resolutionExplanation!: string | null;
  @ViewField.text({ nullable: true }) resolvedBy!: string | null;
  @ViewField.instant({ nullable: true }) resolvedAt!: string | null;
}

export class DisputeTimelineEntryView {
  @ViewField.instant() at!: string;
  @ViewField.text({ description: 'The event type', example: 'DisputeOpened' }) type!: string;
  @ViewField.text() actor!: string;
  @ViewField.text() summary!: string;
}

export class DisputeWithTimelineView extends DisputeView {
  @ViewField.list(() => DisputeTimelineEntryView) timeline!: DisputeTimelineEntryView[];
}

export function disputeView(state: DisputeState): DisputeView {
  return {
    disputeId: state.disputeId,
    billingAccountId: state.billingAccountId,
    invoiceId: state.invoiceId,
    invoiceNumber: state.invoiceNumber,
    // Every command answers a dispute that exists: `none` (no stream yet) is never answered.
    status: state.status === 'none' ? 'open' : state.status,
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
export function disputeWithTimeline(state: DisputeState): DisputeWithTimelineView {
  return { ...disputeView(state), timeline: disputeTimeline(state) };
}
