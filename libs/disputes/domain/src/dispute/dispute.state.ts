import type {
  DisputeDepartment,
  DisputeEvent,
  DisputeReasonCategory,
  DisputeScope,
  DisputeSource,
} from '@billing/contracts';

export interface TimelineEntry {
  at: string;
  type: DisputeEvent['type'];
  actor: string;
  summary: string;
}

export interface DisputeState {
  status: 'none' | 'open' | 'accepted' | 'rejected' | 'withdrawn';
  disputeId: string;
  billingAccountId: string;
  invoiceId: string;
  invoiceNumber: string | null;
  scope: DisputeScope | null;
  lineIds: string[];
  amount: string;
  currency: string;
  reasonCategory: DisputeReasonCategory | null;
  customerStatement: string;
  source: DisputeSource | null;
  chargebackReference: string | null;
  openedAt: string;
  /** The date the customer raised it (openedAt's date unless recorded otherwise). */
  receivedDate: string;
  openedBy: string;
  resolutionDueDate: string;
  owner: string | null;
  department: DisputeDepartment | null;
  escalated: boolean;
  escalatedOn: string | null;
  evidence: string[];
  outcome: 'accepted_full' | 'accepted_partial' | 'rejected' | 'withdrawn' | null;
  acceptedAmount: string | null;
  /** What the resolution gave back to collections: the disputed amount less the accepted one. */
  releasedAmount: string | null;
  resolutionExplanation: string | null;
  resolvedBy: string | null;
  resolvedAt: string | null;
  /** Everything that happened, in the order it was recorded. */
  timeline: TimelineEntry[];
}

export const initialDisputeState = (): DisputeState => ({
  status: 'none',
  disputeId: '',
  billingAccountId: '',
  invoiceId: '',
  invoiceNumber: null,
  scope: null,
  lineIds: [],
  amount: '',
  currency: '',
  reasonCategory: null,
  customerStatement: '',
  source: null,
  chargebackReference: null,
  openedAt: '',
  receivedDate: '',
  openedBy: '',
  resolutionDueDate: '',
  owner: null,
  department: null,
  escalated: false,
  escalatedOn: null,
  evidence: [],
  outcome: null,
  acceptedAmount: null,
  releasedAmount: null,
  resolutionExplanation: null,
  resolvedBy: null,
  resolvedAt: null,
  timeline: [],
});

export function evolveDispute(state: DisputeState, event: DisputeEvent): DisputeState {
  const next = applyDispute(state, event);
  return { ...next, timeline: [...state.timeline, timelineEntryOf(event)] };
}

function applyDispute(state: DisputeState, event: DisputeEvent): DisputeState {
  switch (event.type) {
    case 'DisputeOpened': {
      const data = event.data;
      return {
        ...state,
        status: 'open',
        disputeId: data.disputeId,
        billingAccountId: data.billingAccountId,
        invoiceId: data.invoiceId,
        invoiceNumber: data.invoiceNumber ?? null,
        scope: data.scope,
        lineIds: data.lineIds ?? [],
        amount: data.amount,
        currency: data.currency,
        reasonCategory: data.reasonCategory,
        customerStatement: data.customerStatement,
        source: data.source,
        chargebackReference: data.chargebackReference ?? null,
        openedAt: data.openedAt,
        receivedDate: data.receivedDate ?? data.openedAt.slice(0, 10),
        openedBy: data.openedBy,
        resolutionDueDate: data.resolutionDueDate,
      };
    }
    case 'DisputeAssigned':
      return { ...state, owner: event.data.owner, department: event.data.department };
    case 'DisputeEvidenceAdded':
      return { ...state, evidence: [...state.evidence, event.data.reference] };
    case 'DisputeEscalated':
      return { ...state, escalated: true, escalatedOn: event.data.escalatedOn };
    case 'DisputeAccepted':
      return {
        ...state,
        status: 'accepted',
        outcome: event.data.outcome,
        acceptedAmount: event.data.acceptedAmount,
        ...resolution(event.data),
      };
    case 'DisputeRejected':
      return { ...state, status: 'rejected', outcome: 'rejected', ...resolution(event.data) };
    case 'DisputeWithdrawn':
      return { ...state, status: 'withdrawn', outcome: 'withdrawn', ...resolution(event.data) };
    case 'DisputeNoteAdded':
    case 'DisputeCustomerCommunicationLogged':
      return state;
  }
}

function resolution(data: {
  releasedAmount: string;
  explanation?: string;
  resolvedBy: string;
  resolvedAt: string;
}): Pick<DisputeState, 'releasedAmount' | 'resolutionExplanation' | 'resolvedBy' | 'resolvedAt'> {
  return {
    releasedAmount: data.releasedAmount,
    resolutionExplanation: data.explanation ?? null,
    resolvedBy: data.resolvedBy,
    resolvedAt: data.resolvedAt,
  };
}

function timelineEntryOf(event: DisputeEvent): TimelineEntry {
  const entry = (at: string, actor: string, summary: string): TimelineEntry => ({
    at,
    type: event.type,
    actor,
    summary,
  });
  switch (event.type) {
    case 'DisputeOpened': {
      const d = event.data;
      const origin =
        d.source === 'chargeback' ? `chargeback ${d.chargebackReference ?? ''}`.trim() : 'customer';
      return entry(
        d.openedAt,
        d.openedBy,
        `Opened by ${origin}: ${d.amount} ${d.currency} (${d.reasonCategory}), due ${d.resolutionDueDate}`,
      );
    }
    case 'DisputeAssigned':
      return entry(
        event.data.assignedAt,
        event.data.assignedBy,
        `Assigned to ${event.data.owner} (${event.data.department})`,
      );
    case 'DisputeNoteAdded':
      return entry(event.data.addedAt, event.data.author, `Note: ${event.data.text}`);
    case 'DisputeEvidenceAdded':
      return entry(
        event.data.addedAt,
        event.data.addedBy,
        `Evidence ${event.data.reference}${event.data.description ? `: ${event.data.description}` : ''}`,
      );
    case 'DisputeCustomerCommunicationLogged':
      return entry(
        event.data.at,
        event.data.loggedBy,
        `Customer contact by ${event.data.channel}: ${event.data.summary}`,
      );
    case 'DisputeEscalated':
      return entry(
        event.data.escalatedOn,
        'system',
        `Escalated to billing-manager, ${event.data.daysPastDue} days past ${event.data.resolutionDueDate}`,
      );
    case 'DisputeAccepted':
      return entry(
        event.data.resolvedAt,
        event.data.resolvedBy,
        `Accepted ${event.data.acceptedAmount} ${event.data.currency}, released ${event.data.releasedAmount}`,
      );
    case 'DisputeRejected':
      return entry(
        event.data.resolvedAt,
        event.data.resolvedBy,
        `Rejected: ${event.data.explanation}`,
      );
    case 'DisputeWithdrawn':
      return entry(event.data.resolvedAt, event.data.resolvedBy, 'Withdrawn by the customer');
  }
}
