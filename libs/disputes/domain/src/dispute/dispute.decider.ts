import { type DisputeEvent, disputeDepartments, disputeReasonCategories } from '@billing/contracts';
import {
  type Decider,
  DomainError,
  type FieldProblem,
  daysBetween,
  requireDate,
  toEpochDay,
} from '@billing/kernel';
import { Money, MoneyError } from '@billing/money';
import { conflict, invalid, moneyInput, positiveMoneyInput } from '../shared/money-input';
import {
  DEFAULT_SLA_BUSINESS_DAYS,
  SLA_BUSINESS_DAYS_MAX,
  resolutionDueDate,
} from './business-days';
import type {
  AddDisputeNote,
  AddEvidence,
  AssignDispute,
  CheckDisputeSla,
  DisputeCommand,
  LogCustomerCommunication,
  OpenDispute,
  ResolveDispute,
} from './dispute.commands';
import { type DisputeState, evolveDispute, initialDisputeState } from './dispute.state';

export const TEXT_LENGTH_MAX = 5000;
export const LINE_IDS_MAX = 500;
export const EVIDENCE_MAX = 200;
const scopes = ['whole', 'lines', 'amount'];
const sources = ['manual', 'chargeback'];
const channels = ['email', 'phone', 'letter', 'portal', 'meeting'];

type Events = DisputeEvent[];

/** One dispute on one invoice (stream `dispute-<disputeId>`). */
export const disputeDecider: Decider<DisputeState, DisputeCommand, DisputeEvent> = {
  initialState: initialDisputeState,
  evolve: evolveDispute,
  decide: (command, state) => {
    switch (command.type) {
      case 'OpenDispute':
        return open(command, state);
      case 'AssignDispute':
        return assign(command, requireOpen(state));
      case 'AddDisputeNote':
        return addNote(command, requireOpened(state));
      case 'AddEvidence':
        return addEvidence(command, requireOpen(state));
      case 'LogCustomerCommunication':
        return logCommunication(command, requireOpened(state));
      case 'CheckDisputeSla':
        return checkSla(command, state);
      case 'ResolveDispute':
        return resolve(command, requireOpen(state));
    }
  },
};

function requireOpened(state: DisputeState): DisputeState {
  if (state.status === 'none')
    throw new DomainError('DISPUTE_NOT_FOUND', 'No such dispute', 'not_found');
  return state;
}

/** Still being worked on; a resolved dispute takes notes and customer contacts, nothing else. */
function requireOpen(state: DisputeState): DisputeState {
  requireOpened(state);
  if (state.status !== 'open')
    throw conflict('DISPUTE_ALREADY_RESOLVED', `The dispute was already ${state.status}`);
  return state;
}

function text(
  value: unknown,
  field: string,
  problems: FieldProblem[],
  max = TEXT_LENGTH_MAX,
): string {
  const trimmed = typeof value === 'string' ? value.trim() : '';
  if (trimmed.length === 0 || trimmed.length > max)
    problems.push({ field, reason: `is required, at most ${max} characters` });
  return trimmed;
}

function instant(value: unknown, field: string, problems: FieldProblem[]): string {
  if (
    typeof value !== 'string' ||
    toEpochDay(value) === undefined ||
    Number.isNaN(Date.parse(value))
  ) {
    problems.push({ field, reason: 'must be an ISO-8601 date or instant' });
    return '';
  }
  return value;
}

function refuseIf(problems: FieldProblem[], code: string, message: string): void {
  if (problems.length > 0) throw new DomainError(code, message, 'invalid', problems);
}

function amountProblem(parse: () => Money, field: string, problems: FieldProblem[]): Money | null {
  try {
    return parse();
  } catch (error) {
    if (error instanceof DomainError) problems.push(...error.problems);
    else if (error instanceof MoneyError) problems.push({ field, reason: error.message });
    else throw error;
    return null;
  }
}

function open({ data }: OpenDispute, state: DisputeState): Events {
  if (state.status !== 'none') {
    // A chargeback is delivered at least once: the same one again is not a second dispute.
    if (data.chargebackReference && data.chargebackReference === state.chargebackReference)
      return [];
    throw conflict('DISPUTE_ALREADY_OPENED', `Dispute ${state.disputeId} already exists`);
  }
  const problems: FieldProblem[] = [];
  if (!scopes.includes(data.scope))
    problems.push({ field: 'scope', reason: `must be one of ${scopes.join(', ')}` });
  if (!(disputeReasonCategories as readonly string[]).includes(data.reasonCategory)) {
    problems.push({
      field: 'reasonCategory',
      reason: `must be one of ${disputeReasonCategories.join(', ')}`,
    });
  }
  if (!sources.includes(data.source))
    problems.push({ field: 'source', reason: `must be one of ${sources.join(', ')}` });
  if (data.source === 'chargeback' && !data.chargebackReference?.trim()) {
    problems.push({ field: 'chargebackReference', reason: 'is required for a chargeback' });
  }
  const lineIds = data.scope === 'lines' ? (data.lineIds ?? []) : [];
  if (
    data.scope === 'lines' &&
    (lineIds.length === 0 ||
      lineIds.length > LINE_IDS_MAX ||
      new Set(lineIds).size !== lineIds.length)
  ) {
    problems.push({
      field: 'lineIds',
      reason: `must list 1 to ${LINE_IDS_MAX} distinct invoice lines for a lines dispute`,
    });
  }
  const customerStatement = text(data.customerStatement, 'customerStatement', problems);
  const openedAt = instant(data.openedAt, 'openedAt', problems);
  const sla = data.slaBusinessDays ?? DEFAULT_SLA_BUSINESS_DAYS;
  if (!Number.isInteger(sla) || sla < 1 || sla > SLA_BUSINESS_DAYS_MAX) {
    problems.push({
      field: 'slaBusinessDays',
      reason: `must be a whole number from 1 to ${SLA_BUSINESS_DAYS_MAX}`,
    });
  }
  const amount = amountProblem(
    () => positiveMoneyInput(data.amount, data.currency, 'amount'),
    'amount',
    problems,
  );
  const amountOpen = amountProblem(
    () => moneyInput(data.amountOpenOnInvoice, data.currency, 'amountOpenOnInvoice'),
    'amountOpenOnInvoice',
    problems,
  );
  if (amount && amountOpen && amount.greaterThan(amountOpen)) {
    problems.push({
      field: 'amount',
      reason: `must not exceed the invoice's open amount ${amountOpen.amount}`,
    });
  }
  if (amount && amountOpen && data.scope === 'whole' && !amount.equals(amountOpen)) {
    problems.push({
      field: 'amount',
      reason: `a whole-invoice dispute covers the open amount ${amountOpen.amount}`,
    });
  }
  refuseIf(problems, 'INVALID_DISPUTE', 'The dispute cannot be opened');
  return [
    {
      type: 'DisputeOpened',
      data: {
        billingAccountId: data.billingAccountId,
        disputeId: data.disputeId,
        invoiceId: data.invoiceId,
        ...(data.invoiceNumber ? { invoiceNumber: data.invoiceNumber } : {}),
        scope: data.scope,
        ...(data.scope === 'lines' ? { lineIds: [...lineIds] } : {}),
        amount: (amount as Money).amount,
        currency: data.currency,
        reasonCategory: data.reasonCategory,
        customerStatement,
        openedAt,
        openedBy: data.openedBy,
        source: data.source,
        ...(data.chargebackReference ? { chargebackReference: data.chargebackReference } : {}),
        resolutionDueDate: resolutionDueDate(openedAt, sla, data.holidays ?? []),
      },
    },
  ];
}

function assign({ data }: AssignDispute, state: DisputeState): Events {
  const problems: FieldProblem[] = [];
  const owner = text(data.owner, 'owner', problems, 200);
  if (!(disputeDepartments as readonly string[]).includes(data.department)) {
    problems.push({
      field: 'department',
      reason: `must be one of ${disputeDepartments.join(', ')}`,
    });
  }
  const assignedAt = instant(data.at, 'at', problems);
  refuseIf(problems, 'INVALID_ASSIGNMENT', 'The dispute cannot be assigned');
  if (owner === state.owner && data.department === state.department) return [];
  return [
    {
      type: 'DisputeAssigned',
      data: {
        billingAccountId: state.billingAccountId,
        disputeId: state.disputeId,
        owner,
        department: data.department,
        ...(state.owner ? { previousOwner: state.owner } : {}),
        assignedBy: data.assignedBy,
        assignedAt,
      },
    },
  ];
}

function addNote({ data }: AddDisputeNote, state: DisputeState): Events {
  const problems: FieldProblem[] = [];
  const noteText = text(data.text, 'text', problems);
  const addedAt = instant(data.at, 'at', problems);
  refuseIf(problems, 'INVALID_NOTE', 'The note cannot be added');
  return [
    {
      type: 'DisputeNoteAdded',
      data: {
        billingAccountId: state.billingAccountId,
        disputeId: state.disputeId,
        text: noteText,
        author: data.author,
        addedAt,
      },
    },
  ];
}

function addEvidence({ data }: AddEvidence, state: DisputeState): Events {
  const problems: FieldProblem[] = [];
  const reference = text(data.reference, 'reference', problems, 500);
  const addedAt = instant(data.at, 'at', problems);
  refuseIf(problems, 'INVALID_EVIDENCE', 'The evidence cannot be added');
  if (state.evidence.includes(reference)) return [];
  if (state.evidence.length >= EVIDENCE_MAX)
    throw conflict(
      'EVIDENCE_LIMIT_REACHED',
      `A dispute holds at most ${EVIDENCE_MAX} pieces of evidence`,
    );
  return [
    {
      type: 'DisputeEvidenceAdded',
      data: {
        billingAccountId: state.billingAccountId,
        disputeId: state.disputeId,
        reference,
        ...(data.description?.trim() ? { description: data.description.trim() } : {}),
        addedBy: data.addedBy,
        addedAt,
      },
    },
  ];
}

function logCommunication({ data }: LogCustomerCommunication, state: DisputeState): Events {
  const problems: FieldProblem[] = [];
  if (!channels.includes(data.channel))
    problems.push({ field: 'channel', reason: `must be one of ${channels.join(', ')}` });
  const summary = text(data.summary, 'summary', problems);
  const at = instant(data.at, 'at', problems);
  refuseIf(problems, 'INVALID_COMMUNICATION', 'The customer communication cannot be logged');
  return [
    {
      type: 'DisputeCustomerCommunicationLogged',
      data: {
        billingAccountId: state.billingAccountId,
        disputeId: state.disputeId,
        channel: data.channel,
        summary,
        at,
        loggedBy: data.loggedBy,
      },
    },
  ];
}

/** Escalates once, the first check after the resolution due date. */
function checkSla({ data }: CheckDisputeSla, state: DisputeState): Events {
  if (state.status !== 'open' || state.escalated) return [];
  const today = requireDate(data.today, 'today');
  const daysPastDue = daysBetween(state.resolutionDueDate, today);
  if (daysPastDue <= 0) return [];
  return [
    {
      type: 'DisputeEscalated',
      data: {
        billingAccountId: state.billingAccountId,
        disputeId: state.disputeId,
        escalatedTo: 'billing-manager',
        resolutionDueDate: state.resolutionDueDate,
        daysPastDue,
        ...(state.owner ? { owner: state.owner } : {}),
        escalatedOn: today,
      },
    },
  ];
}

function resolve({ data }: ResolveDispute, state: DisputeState): Events {
  const problems: FieldProblem[] = [];
  const resolvedAt = instant(data.resolvedAt, 'resolvedAt', problems);
  refuseIf(problems, 'INVALID_RESOLUTION', 'The dispute cannot be resolved');
  const disputed = Money.of(state.amount, state.currency);
  const common = {
    billingAccountId: state.billingAccountId,
    disputeId: state.disputeId,
    invoiceId: state.invoiceId,
    currency: state.currency,
    resolvedBy: data.resolvedBy,
    resolvedAt,
  };
  const explanation = typeof data.explanation === 'string' ? data.explanation.trim() : '';
  switch (data.outcome) {
    case 'accepted_full':
    case 'accepted_partial': {
      const accepted =
        data.outcome === 'accepted_full' ? disputed : acceptedPart(data.acceptedAmount, disputed);
      return [
        {
          type: 'DisputeAccepted',
          data: {
            ...common,
            outcome: data.outcome,
            acceptedAmount: accepted.amount,
            releasedAmount: disputed.subtract(accepted).amount,
            ...(explanation ? { explanation } : {}),
          },
        },
      ];
    }
    case 'rejected':
      if (explanation.length === 0 || explanation.length > TEXT_LENGTH_MAX) {
        throw invalid(
          'EXPLANATION_REQUIRED',
          'explanation',
          `must tell the customer why, at most ${TEXT_LENGTH_MAX} characters`,
        );
      }
      return [
        {
          type: 'DisputeRejected',
          data: { ...common, explanation, releasedAmount: disputed.amount },
        },
      ];
    case 'withdrawn':
      return [
        {
          type: 'DisputeWithdrawn',
          data: {
            ...common,
            releasedAmount: disputed.amount,
            ...(explanation ? { explanation } : {}),
          },
        },
      ];
    default:
      throw invalid(
        'INVALID_OUTCOME',
        'outcome',
        'must be accepted_full, accepted_partial, rejected or withdrawn',
      );
  }
}

function acceptedPart(acceptedAmount: string | undefined, disputed: Money): Money {
  if (acceptedAmount === undefined)
    throw invalid(
      'ACCEPTED_AMOUNT_REQUIRED',
      'acceptedAmount',
      'is required for a partial acceptance',
    );
  const accepted = positiveMoneyInput(acceptedAmount, disputed.currency.code, 'acceptedAmount');
  if (accepted.greaterThan(disputed)) {
    throw invalid(
      'ACCEPTED_EXCEEDS_DISPUTED',
      'acceptedAmount',
      `must not exceed the disputed ${disputed.amount}`,
    );
  }
  return accepted;
}
