import { type DisputeEvent, disputeDepartments, disputeReasonCategories } from '@billing/contracts';
import {
  type Decider,
  DomainError,
  type FieldProblem,
  daysBetween,
  invariant,
  requireDate,
  toEpochDay,
} from '@billing/kernel';
import { Money, MoneyError } from '@billing/money';
import { conflict, invalid, moneyInput, positiveMoneyInput, stored } from '../shared/money-input';
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
/**
 * Entries a dispute's history may hold (notes, contacts, assignments, evidence): a dispute is
 * folded whole on every command and listed whole in its timeline, so its stream stays bounded.
 */
export const TIMELINE_ENTRIES_MAX = 1_000;
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
        return assign(command, requireRoom(requireOpen(state)));
      case 'AddDisputeNote':
        return addNote(command, requireRoom(requireOpened(state)));
      case 'AddEvidence':
        return addEvidence(command, requireRoom(requireOpen(state)));
      case 'LogCustomerCommunication':
        return logCommunication(command, requireRoom(requireOpened(state)));
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

/** Resolution and escalation happen once each; everything else counts against the bound. */
function requireRoom(state: DisputeState): DisputeState {
  if (state.timeline.length >= TIMELINE_ENTRIES_MAX)
    throw conflict(
      'DISPUTE_HISTORY_FULL',
      `A dispute holds at most ${TIMELINE_ENTRIES_MAX} entries; resolve it or open a new one`,
    );
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

function open(command: OpenDispute, state: DisputeState): Events {
  const { data } = command;
  if (state.status !== 'none') {
    if (isSameOpening(command, state)) return [];
    throw conflict('DISPUTE_ALREADY_OPENED', `Dispute ${state.disputeId} already exists`);
  }
  const problems = classificationProblems(data);
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
  const receivedDate = receivedDateOf(data.receivedDate, openedAt, problems);
  const sla = data.slaBusinessDays ?? DEFAULT_SLA_BUSINESS_DAYS;
  if (!Number.isInteger(sla) || sla < 1 || sla > SLA_BUSINESS_DAYS_MAX) {
    problems.push({
      field: 'slaBusinessDays',
      reason: `must be a whole number from 1 to ${SLA_BUSINESS_DAYS_MAX}`,
    });
  }
  const amount =
    data.source === 'chargeback'
      ? chargebackAmount(data, problems)
      : disputedAmount(data, lineIds, problems);
  refuseIf(problems, 'INVALID_DISPUTE', 'The dispute cannot be opened');
  invariant(amount !== null, 'an opened dispute has an amount');
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
        amount: amount.amount,
        currency: amount.currency.code,
        reasonCategory: data.reasonCategory,
        customerStatement,
        openedAt,
        openedBy: data.openedBy,
        source: data.source,
        ...(data.chargebackReference ? { chargebackReference: data.chargebackReference } : {}),
        ...(data.receivedDate !== undefined ? { receivedDate } : {}),
        resolutionDueDate: resolutionDueDate(receivedDate, sla, data.holidays ?? []),
      },
    },
  ];
}

/** Problems with the dispute's scope, reason category, source and chargeback reference. */
function classificationProblems(data: OpenDispute['data']): FieldProblem[] {
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
  return problems;
}

/** The date the SLA runs from: the one the customer raised it on, never after it was opened. */
function receivedDateOf(
  receivedDate: string | undefined,
  openedAt: string,
  problems: FieldProblem[],
): string {
  const openedOn = openedAt.slice(0, 10);
  if (receivedDate === undefined) return openedOn;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(receivedDate) || toEpochDay(receivedDate) === undefined) {
    problems.push({ field: 'receivedDate', reason: 'must be a calendar date YYYY-MM-DD' });
    return openedOn;
  }
  if (receivedDate > openedOn) {
    problems.push({ field: 'receivedDate', reason: `must not be after ${openedOn}` });
    return openedOn;
  }
  return receivedDate;
}

/**
 * A command delivered again (a redelivered chargeback, an HTTP retry whose first answer was lost)
 * is recognised and decides nothing; anything else on an existing id is a conflict.
 */
function isSameOpening({ data }: OpenDispute, state: DisputeState): boolean {
  if (data.chargebackReference || state.chargebackReference)
    return data.chargebackReference === state.chargebackReference;
  const sameLines = (data.lineIds ?? []).join('\u001f') === state.lineIds.join('\u001f');
  const sameAmount =
    data.amount === undefined || sameMoney(data.amount, state.amount, state.currency);
  return (
    data.invoiceId === state.invoiceId &&
    data.scope === state.scope &&
    data.reasonCategory === state.reasonCategory &&
    typeof data.customerStatement === 'string' &&
    data.customerStatement.trim() === state.customerStatement &&
    data.openedBy === state.openedBy &&
    sameLines &&
    sameAmount
  );
}

function sameMoney(amount: string, other: string, currency: string): boolean {
  try {
    return Money.of(amount, currency).equals(Money.of(other, currency));
  } catch (error) {
    if (error instanceof MoneyError) return false;
    throw error;
  }
}

/**
 * A customer's dispute holds part of what is still owed: never more than the open amount less
 * what other open disputes already hold. `whole` holds all of that; `lines` the chosen lines'
 * total or a stated part of it; `amount` what is stated.
 */
function disputedAmount(
  data: OpenDispute['data'],
  lineIds: string[],
  problems: FieldProblem[],
): Money | null {
  const invoice = disputableInvoice(data, problems);
  if (!invoice) return null;
  const amountOpen = stored(invoice.amountOpen, invoice.currency);
  const onHold = stored(invoice.amountOnHold, invoice.currency);
  const disputable = Money.max(amountOpen.subtract(onHold), Money.zero(invoice.currency));
  const amount = requestedAmount(data, invoice, lineIds, disputable, problems);
  if (!amount) return null;
  if (!disputable.isPositive()) {
    problems.push({
      field: 'amount',
      reason: onHold.isPositive()
        ? `nothing is left to dispute: the open amount ${amountOpen.amount} is already in dispute`
        : 'nothing is left to dispute: the invoice has no open amount',
    });
    return null;
  }
  if (amount.greaterThan(disputable)) {
    problems.push({
      field: 'amount',
      reason: onHold.isPositive()
        ? `must not exceed the invoice's open amount ${amountOpen.amount} less ${onHold.amount} already in dispute`
        : `must not exceed the invoice's open amount ${amountOpen.amount}`,
    });
    return null;
  }
  return amount;
}

/** The invoice a dispute is opened on, or null with the reason in `problems`. */
function disputableInvoice(
  data: OpenDispute['data'],
  problems: FieldProblem[],
): NonNullable<OpenDispute['data']['invoice']> | null {
  const invoice = data.invoice;
  if (!invoice) {
    problems.push({ field: 'invoiceId', reason: 'is not an issued invoice known to disputes' });
    return null;
  }
  if (data.currency !== invoice.currency) {
    problems.push({
      field: 'currency',
      reason: `must be the invoice's currency ${invoice.currency}`,
    });
    return null;
  }
  if (invoice.status === 'voided') {
    problems.push({ field: 'invoiceId', reason: 'was voided: nothing is owed on it' });
    return null;
  }
  return invoice;
}

/** The amount the dispute asks to hold, by its scope, or null with the reason in `problems`. */
function requestedAmount(
  data: OpenDispute['data'],
  invoice: NonNullable<OpenDispute['data']['invoice']>,
  lineIds: string[],
  disputable: Money,
  problems: FieldProblem[],
): Money | null {
  let amount: Money | null;
  if (data.scope === 'lines') {
    const linesTotal = chosenLinesTotal(invoice, lineIds, problems);
    amount =
      data.amount === undefined
        ? linesTotal
        : amountProblem(
            () => positiveMoneyInput(data.amount as string, data.currency, 'amount'),
            'amount',
            problems,
          );
    if (amount && linesTotal && amount.greaterThan(linesTotal)) {
      problems.push({
        field: 'amount',
        reason: `must not exceed the chosen lines' total ${linesTotal.amount}`,
      });
      return null;
    }
  } else if (data.scope === 'whole') {
    amount =
      data.amount === undefined
        ? disputable
        : amountProblem(
            () => moneyInput(data.amount as string, data.currency, 'amount'),
            'amount',
            problems,
          );
    if (amount && !amount.equals(disputable)) {
      problems.push({
        field: 'amount',
        reason: `a whole-invoice dispute covers the undisputed open amount ${disputable.amount}`,
      });
      return null;
    }
  } else if (data.amount === undefined) {
    problems.push({ field: 'amount', reason: 'is required for an amount dispute' });
    amount = null;
  } else {
    amount = amountProblem(
      () => positiveMoneyInput(data.amount as string, data.currency, 'amount'),
      'amount',
      problems,
    );
  }
  return amount;
}

/** The chosen lines must be lines of the invoice; their totals add up to what may be held. */
function chosenLinesTotal(
  invoice: NonNullable<OpenDispute['data']['invoice']>,
  lineIds: string[],
  problems: FieldProblem[],
): Money | null {
  const totals = new Map(invoice.lines.map((line) => [line.lineId, line.total]));
  const chosen: Money[] = [];
  lineIds.forEach((lineId, index) => {
    const total = totals.get(lineId);
    if (total === undefined)
      problems.push({ field: `lineIds[${index}]`, reason: 'is not a line of the invoice' });
    else chosen.push(stored(total, invoice.currency));
  });
  if (chosen.length !== lineIds.length || chosen.length === 0) return null;
  return Money.sum(chosen, invoice.currency);
}

/**
 * The bank has already taken the money back, so a chargeback dispute opens whatever is open on
 * the invoice right now: the open amount only grows back once invoicing reverses the charged-back
 * allocation, which may arrive after the chargeback. It is bounded by what the invoice charged.
 */
function chargebackAmount(data: OpenDispute['data'], problems: FieldProblem[]): Money | null {
  if (data.amount === undefined) {
    problems.push({ field: 'amount', reason: 'is required for a chargeback' });
    return null;
  }
  const amount = amountProblem(
    () => positiveMoneyInput(data.amount as string, data.currency, 'amount'),
    'amount',
    problems,
  );
  const invoice = data.invoice;
  if (!amount || !invoice) return amount;
  if (invoice.currency !== data.currency) {
    problems.push({
      field: 'currency',
      reason: `must be the invoice's currency ${invoice.currency}`,
    });
    return null;
  }
  const total = stored(invoice.total, invoice.currency);
  if (amount.greaterThan(total)) {
    problems.push({ field: 'amount', reason: `must not exceed the invoice total ${total.amount}` });
    return null;
  }
  return amount;
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
      // Accepting "part" that is the whole disputed amount is a full acceptance: nothing is released.
      const outcome = accepted.equals(disputed) ? 'accepted_full' : 'accepted_partial';
      return [
        {
          type: 'DisputeAccepted',
          data: {
            ...common,
            outcome,
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
