import { DomainError, invariant, type Decider, type FieldProblem } from '@billing/kernel';
import type { BillingAccountEvent, BillingDetails } from '@billing/contracts';
import type { BillingAccountCommand, CorrectBillingDetailsData } from './billing-account.commands';
import { billingDetailsProblems } from './billing-details.checklist';
import { normalizeTaxId } from './tax-id.rules';

export interface BillingAccountState {
  status: 'none' | 'open' | 'closed';
  billingAccountId: string;
  details: BillingDetails | null;
  /** True only after a verification passed for the current details. */
  verified: boolean;
  onHold: boolean;
  holdReason: string | null;
  /** A pending erasure request, waiting for a second manager's approval. */
  erasureRequestedBy: string | null;
  /** The account's data key was destroyed: its personal fields read as erased. */
  personalDataErased: boolean;
}

/** What the invoice decider needs to know about the account when it reviews and issues. */
export interface AccountSnapshot {
  billingAccountId: string;
  verified: boolean;
  onHold: boolean;
  closed: boolean;
  paymentTermsDays: number;
  currency: string;
  purchaseOrderRequired: boolean;
}

export const paymentTermsDaysMax = 365;

export const initialBillingAccountState = (): BillingAccountState => ({
  status: 'none',
  billingAccountId: '',
  details: null,
  verified: false,
  onHold: false,
  holdReason: null,
  erasureRequestedBy: null,
  personalDataErased: false,
});

export function toAccountSnapshot(state: BillingAccountState): AccountSnapshot {
  invariant(state.details !== null, 'an account snapshot needs an opened account');
  return {
    billingAccountId: state.billingAccountId,
    verified: state.verified,
    onHold: state.onHold,
    closed: state.status === 'closed',
    paymentTermsDays: state.details.paymentTermsDays,
    currency: state.details.currency,
    purchaseOrderRequired: state.details.purchaseOrderRequired,
  };
}

export function evolveBillingAccount(
  state: BillingAccountState,
  event: BillingAccountEvent,
): BillingAccountState {
  switch (event.type) {
    case 'BillingAccountOpened': {
      const { billingAccountId, openedAt: _openedAt, ...details } = event.data;
      return { ...state, status: 'open', billingAccountId, details, verified: false };
    }
    case 'BillingDetailsUpdated': {
      invariant(state.details !== null, 'details updated before the account was opened');
      const { billingAccountId: _id, updatedAt: _updatedAt, ...details } = event.data;
      return {
        ...state,
        details: { ...details, paymentTermsDays: state.details.paymentTermsDays },
        verified: false,
      };
    }
    case 'BillingDetailsVerified':
      return { ...state, verified: true };
    case 'BillingDetailsVerificationFailed':
      return { ...state, verified: false };
    case 'PaymentTermsChanged':
      invariant(state.details !== null, 'terms changed before the account was opened');
      return {
        ...state,
        details: { ...state.details, paymentTermsDays: event.data.paymentTermsDays },
      };
    case 'CreditHoldPlaced':
      return { ...state, onHold: true, holdReason: event.data.reason };
    case 'CreditHoldReleased':
      return { ...state, onHold: false, holdReason: null };
    case 'BillingAccountClosed':
      return { ...state, status: 'closed' };
    case 'PersonalDataErasureRequested':
      return { ...state, erasureRequestedBy: event.data.requestedBy };
    case 'PersonalDataErased':
      return { ...state, erasureRequestedBy: null, personalDataErased: true };
  }
}

function invalid(code: string, message: string, problems: FieldProblem[]): DomainError {
  return new DomainError(code, message, 'invalid', problems);
}

function requireText(value: unknown, field: string, problems: FieldProblem[]): void {
  if (typeof value !== 'string' || value.trim() === '')
    problems.push({ field, reason: 'is required' });
}

function checkPaymentTerms(days: unknown, problems: FieldProblem[]): void {
  if (
    typeof days !== 'number' ||
    !Number.isInteger(days) ||
    days < 0 ||
    days > paymentTermsDaysMax
  ) {
    problems.push({
      field: 'paymentTermsDays',
      reason: `must be a whole number of days from 0 to ${paymentTermsDaysMax}`,
    });
  }
}

/**
 * Opening only checks what the account cannot exist without; the full checklist (tax id format,
 * address, email, currency) is VerifyBillingDetails, which reports every problem as an event.
 */
function checkShape(data: {
  billingAccountId: string;
  legalName: string;
  currency: string;
  purchaseOrderRequired: boolean;
}): FieldProblem[] {
  const problems: FieldProblem[] = [];
  requireText(data.billingAccountId, 'billingAccountId', problems);
  requireText(data.legalName, 'legalName', problems);
  if (typeof data.currency !== 'string' || !/^[A-Z]{3}$/.test(data.currency)) {
    problems.push({ field: 'currency', reason: 'must be a 3-letter ISO 4217 code' });
  }
  if (typeof data.purchaseOrderRequired !== 'boolean') {
    problems.push({ field: 'purchaseOrderRequired', reason: 'must be true or false' });
  }
  return problems;
}

function requireOpen(state: BillingAccountState): BillingDetails {
  if (state.status === 'none' || state.details === null) {
    throw new DomainError('ACCOUNT_NOT_FOUND', 'The billing account does not exist', 'not_found');
  }
  if (state.status === 'closed') {
    throw new DomainError('ACCOUNT_CLOSED', 'The billing account is closed', 'conflict');
  }
  return state.details;
}

/** Details can no longer be changed or checked once the account's personal data is erased. */
function requireNotErased(state: BillingAccountState): void {
  if (state.personalDataErased)
    throw new DomainError(
      'PERSONAL_DATA_ERASED',
      "The account's personal data was erased; open a new account for new details",
      'conflict',
    );
}

function requireExisting(state: BillingAccountState): void {
  if (state.status === 'none')
    throw new DomainError('ACCOUNT_NOT_FOUND', 'The billing account does not exist', 'not_found');
}

function requireReason(reason: unknown): void {
  const problems: FieldProblem[] = [];
  requireText(reason, 'reason', problems);
  if (problems.length > 0) throw invalid('REASON_REQUIRED', 'A reason is required', problems);
}

const detailKeys = [
  'legalName',
  'billingContactName',
  'email',
  'country',
  'taxId',
  'currency',
  'paymentTermsDays',
  'purchaseOrderRequired',
] as const;
const addressKeys = ['line1', 'line2', 'city', 'postalCode', 'region', 'country'] as const;

/**
 * Field by field: a JSON comparison depended on key order (a request's order against the
 * stored event's), so an unchanged update or a retried open was never recognised as one.
 * An absent optional address line equals an empty one.
 */
function sameDetails(a: BillingDetails, b: BillingDetails): boolean {
  return (
    detailKeys.every((key) => a[key] === b[key]) &&
    addressKeys.every((key) => (a.address[key] ?? '') === (b.address[key] ?? ''))
  );
}

/** The data of one kind of billing account command. */
type AccountCommandData<T extends BillingAccountCommand['type']> = Extract<
  BillingAccountCommand,
  { type: T }
>['data'];

export function decideBillingAccount(
  command: BillingAccountCommand,
  state: BillingAccountState,
): BillingAccountEvent[] {
  switch (command.type) {
    case 'OpenBillingAccount':
      return open(command.data, state);

    case 'UpdateBillingDetails':
      return updateDetails(command.data, state);

    case 'CorrectBillingDetails':
      return decideCorrection(command.data, state);

    case 'VerifyBillingDetails':
      return verifyDetails(command.data, state);

    case 'ChangePaymentTerms':
      return changeTerms(command.data, state);

    case 'PlaceCreditHold': {
      requireOpen(state);
      requireReason(command.data.reason);
      if (state.onHold) return [];
      return [{ type: 'CreditHoldPlaced', data: { ...command.data } }];
    }

    case 'ReleaseCreditHold': {
      requireOpen(state);
      requireReason(command.data.reason);
      if (!state.onHold) return [];
      return [{ type: 'CreditHoldReleased', data: { ...command.data } }];
    }

    case 'CloseBillingAccount': {
      if (state.status === 'closed') return [];
      requireOpen(state);
      requireReason(command.data.reason);
      // Closing an account that still owes money would hide receivables from collections:
      // the coordinator settles, credits or writes off the open invoices first.
      if (command.data.openInvoiceCount > 0) {
        throw new DomainError(
          'ACCOUNT_HAS_OPEN_INVOICES',
          `The account still has ${command.data.openInvoiceCount} open invoice(s); settle, credit or write them off first`,
          'conflict',
        );
      }
      const { billingAccountId, reason, closedAt } = command.data;
      return [{ type: 'BillingAccountClosed', data: { billingAccountId, reason, closedAt } }];
    }

    case 'RequestPersonalDataErasure':
      return decideErasureRequest(command.data, state);

    case 'ApprovePersonalDataErasure':
      return decideErasureApproval(command.data, state);
  }
}

function open(
  d: AccountCommandData<'OpenBillingAccount'>,
  state: BillingAccountState,
): BillingAccountEvent[] {
  const { openedAt, billingAccountId, ...rest } = d;
  const details: BillingDetails = { ...rest, taxId: normalizeTaxId(rest.taxId ?? '') };
  if (state.status !== 'none') {
    // A retried open with the same details is a no-op; different details are a conflict.
    if (state.details && sameDetails(state.details, details)) return [];
    throw new DomainError(
      'ACCOUNT_ALREADY_OPEN',
      'A billing account with this id already exists',
      'conflict',
    );
  }
  const problems = checkShape(d);
  checkPaymentTerms(d.paymentTermsDays, problems);
  if (problems.length > 0)
    throw invalid('INVALID_BILLING_ACCOUNT', 'The billing account is incomplete', problems);
  return [{ type: 'BillingAccountOpened', data: { billingAccountId, ...details, openedAt } }];
}

function updateDetails(
  d: AccountCommandData<'UpdateBillingDetails'>,
  state: BillingAccountState,
): BillingAccountEvent[] {
  const current = requireOpen(state);
  requireNotErased(state);
  const { updatedAt, billingAccountId, ...rest } = d;
  const details = { ...rest, taxId: normalizeTaxId(rest.taxId ?? '') };
  if (sameDetails(current, { ...details, paymentTermsDays: current.paymentTermsDays })) return [];
  const problems = checkShape(d);
  if (problems.length > 0)
    throw invalid('INVALID_BILLING_ACCOUNT', 'The billing details are incomplete', problems);
  return [{ type: 'BillingDetailsUpdated', data: { billingAccountId, ...details, updatedAt } }];
}

function verifyDetails(
  d: AccountCommandData<'VerifyBillingDetails'>,
  state: BillingAccountState,
): BillingAccountEvent[] {
  const details = requireOpen(state);
  requireNotErased(state);
  const problems = billingDetailsProblems(details);
  const { billingAccountId, checkedAt } = d;
  if (problems.length > 0) {
    return [
      {
        type: 'BillingDetailsVerificationFailed',
        data: { billingAccountId, problems, checkedAt },
      },
    ];
  }
  if (state.verified) return [];
  return [{ type: 'BillingDetailsVerified', data: { billingAccountId, verifiedAt: checkedAt } }];
}

function changeTerms(
  d: AccountCommandData<'ChangePaymentTerms'>,
  state: BillingAccountState,
): BillingAccountEvent[] {
  const details = requireOpen(state);
  const problems: FieldProblem[] = [];
  checkPaymentTerms(d.paymentTermsDays, problems);
  requireText(d.reason, 'reason', problems);
  if (problems.length > 0)
    throw invalid('INVALID_PAYMENT_TERMS', 'The payment terms change is invalid', problems);
  if (details.paymentTermsDays === d.paymentTermsDays) return [];
  const { billingAccountId, paymentTermsDays, reason, changedAt } = d;
  return [
    {
      type: 'PaymentTermsChanged',
      data: {
        billingAccountId,
        previousPaymentTermsDays: details.paymentTermsDays,
        paymentTermsDays,
        reason,
        changedAt,
      },
    },
  ];
}

/** Open or closed accounts alike: a closed account's customer may ask to be forgotten too. */
function decideErasureRequest(
  data: { billingAccountId: string; requestedBy: string; reason: string; requestedAt: string },
  state: BillingAccountState,
): BillingAccountEvent[] {
  requireExisting(state);
  requireReason(data.reason);
  if (state.personalDataErased) return [];
  if (state.erasureRequestedBy !== null) {
    if (state.erasureRequestedBy === data.requestedBy) return [];
    throw new DomainError(
      'ERASURE_ALREADY_REQUESTED',
      `An erasure requested by ${state.erasureRequestedBy} is waiting for approval`,
      'conflict',
    );
  }
  const { billingAccountId, requestedBy, reason, requestedAt } = data;
  return [
    {
      type: 'PersonalDataErasureRequested',
      data: { billingAccountId, requestedBy, reason, requestedAt },
    },
  ];
}

/** Maker-checker: the approver is a second manager, never the one who asked. */
export function checkErasureApproval(state: BillingAccountState, approvedBy: string): void {
  requireExisting(state);
  if (state.personalDataErased) return;
  if (state.erasureRequestedBy === null)
    throw new DomainError(
      'ERASURE_NOT_REQUESTED',
      'No erasure of this account is waiting for approval',
      'conflict',
    );
  if (state.erasureRequestedBy === approvedBy)
    throw new DomainError(
      'SAME_MANAGER',
      'The manager who requested the erasure cannot approve it; a second manager must',
      'forbidden',
    );
}

function decideErasureApproval(
  data: { billingAccountId: string; approvedBy: string; erasedAt: string; keyDestroyed: boolean },
  state: BillingAccountState,
): BillingAccountEvent[] {
  checkErasureApproval(state, data.approvedBy);
  if (state.personalDataErased) return [];
  invariant(data.keyDestroyed, 'erasure recorded before the data key was destroyed');
  const requestedBy = state.erasureRequestedBy ?? '';
  const { billingAccountId, approvedBy, erasedAt } = data;
  return [
    {
      type: 'PersonalDataErased',
      data: { billingAccountId, requestedBy, approvedBy, erasedAt },
    },
  ];
}

/**
 * A correction is an update and a new verification in one decision, so the account is never left
 * with changed details that still read as verified, and the answer says what the check found.
 * Unchanged details decide nothing (a retried correction is a no-op).
 */
function decideCorrection(
  data: CorrectBillingDetailsData,
  state: BillingAccountState,
): BillingAccountEvent[] {
  const current = requireOpen(state);
  const { billingAccountId, changes, correctedAt } = data;
  const updated = decideBillingAccount(
    {
      type: 'UpdateBillingDetails',
      data: {
        billingAccountId,
        legalName: changes.legalName ?? current.legalName,
        billingContactName: changes.billingContactName ?? current.billingContactName,
        email: changes.email ?? current.email,
        address: changes.address ?? current.address,
        country: changes.country ?? current.country,
        taxId: changes.taxId ?? current.taxId,
        currency: current.currency,
        purchaseOrderRequired: changes.purchaseOrderRequired ?? current.purchaseOrderRequired,
        updatedAt: correctedAt,
      },
    },
    state,
  );
  if (updated.length === 0) return [];
  const afterUpdate = updated.reduce(evolveBillingAccount, state);
  const verification = decideBillingAccount(
    { type: 'VerifyBillingDetails', data: { billingAccountId, checkedAt: correctedAt } },
    afterUpdate,
  );
  return [...updated, ...verification];
}

/** Stream `billingaccount-<id>`. */
export const billingAccountDecider: Decider<
  BillingAccountState,
  BillingAccountCommand,
  BillingAccountEvent
> = {
  initialState: initialBillingAccountState,
  evolve: evolveBillingAccount,
  decide: decideBillingAccount,
};
