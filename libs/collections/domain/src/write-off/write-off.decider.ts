import type {
  WriteOffApproved,
  WriteOffEvent,
  WriteOffInvoice,
  WriteOffRejected,
  WriteOffRequested,
} from '@billing/contracts';
import { type Decider, DomainError } from '@billing/kernel';
import { Money } from '@billing/money';
import { conflict, invalid, moneyInput, positiveMoneyInput } from '../shared/money-input';
import { exceedsThreshold, writeOffExposure } from './write-off-limits';
import type {
  ApproveWriteOff,
  RejectWriteOff,
  RequestWriteOff,
  WriteOffCommand,
} from './write-off.commands';

export const WRITE_OFF_APPROVER_ROLE = 'billing-manager';
export const DEFAULT_WRITE_OFF_THRESHOLD = '250';
export const WRITE_OFF_INVOICES_MAX = 100;
export const REASON_LENGTH_MAX = 2000;

export interface WriteOffState {
  status: 'none' | 'pending' | 'approved' | 'rejected';
  requested: WriteOffRequested | null;
  approved: WriteOffApproved | null;
  rejected: WriteOffRejected | null;
}

const initialState = (): WriteOffState => ({
  status: 'none',
  requested: null,
  approved: null,
  rejected: null,
});

function evolve(state: WriteOffState, event: WriteOffEvent): WriteOffState {
  switch (event.type) {
    case 'WriteOffRequested':
      return { ...state, status: 'pending', requested: event.data };
    case 'WriteOffApproved':
      return { ...state, status: 'approved', approved: event.data };
    case 'WriteOffRejected':
      return { ...state, status: 'rejected', rejected: event.data };
  }
}

/**
 * A write-off request (stream `writeoff-<id>`). Maker-checker above the threshold, counted over the
 * account's earlier requests (per invoice, and over 30 days: see write-off-limits.ts) so a split
 * cannot stay under it: a different user with the billing-manager role approves. WriteOffApproved is what invoicing turns into an
 * invoice adjustment.
 */
export const writeOffDecider: Decider<WriteOffState, WriteOffCommand, WriteOffEvent> = {
  initialState,
  evolve,
  decide: (command, state) => {
    switch (command.type) {
      case 'RequestWriteOff':
        return request(command, state);
      case 'ApproveWriteOff':
        return approve(command, state);
      case 'RejectWriteOff':
        return reject(command, state);
    }
  },
};

function request({ data }: RequestWriteOff, state: WriteOffState): WriteOffEvent[] {
  if (state.status !== 'none')
    throw conflict('WRITE_OFF_ALREADY_REQUESTED', `Write-off ${data.writeOffId} already exists`);
  const amount = positiveMoneyInput(data.amount, data.currency, 'amount');
  const reason = typeof data.reason === 'string' ? data.reason.trim() : '';
  if (reason.length === 0 || reason.length > REASON_LENGTH_MAX) {
    throw invalid(
      'WRITE_OFF_REASON_REQUIRED',
      'reason',
      `must say why, in 1 to ${REASON_LENGTH_MAX} characters`,
    );
  }
  const invoices = writeOffInvoices(data, amount);
  const threshold = moneyInput(
    data.approvalThreshold ?? DEFAULT_WRITE_OFF_THRESHOLD,
    data.currency,
    'approvalThreshold',
  );
  const exposure = writeOffExposure(
    {
      writeOffId: data.writeOffId,
      currency: data.currency,
      amount: amount.amount,
      invoices,
      requestedAt: data.requestedAt,
    },
    data.counted ?? [],
  );
  const approvalRequired = exceedsThreshold(exposure, threshold);
  const requested: WriteOffEvent = {
    type: 'WriteOffRequested',
    data: {
      billingAccountId: data.billingAccountId,
      writeOffId: data.writeOffId,
      currency: data.currency,
      amount: amount.amount,
      invoices,
      reason,
      requestedBy: data.requestedBy,
      requestedAt: data.requestedAt,
      approvalThreshold: threshold.amount,
      approvalRequired,
    },
  };
  if (approvalRequired) return [requested];
  return [
    requested,
    {
      type: 'WriteOffApproved',
      data: {
        billingAccountId: data.billingAccountId,
        writeOffId: data.writeOffId,
        currency: data.currency,
        amount: amount.amount,
        invoices,
        reason,
        requestedBy: data.requestedBy,
        approvedBy: 'system',
        autoApproved: true,
        approvedAt: data.requestedAt,
      },
    },
  ];
}

function writeOffInvoices(data: RequestWriteOff['data'], amount: Money): WriteOffInvoice[] {
  if (
    !Array.isArray(data.invoices) ||
    data.invoices.length === 0 ||
    data.invoices.length > WRITE_OFF_INVOICES_MAX
  ) {
    throw invalid(
      'WRITE_OFF_INVOICES_REQUIRED',
      'invoices',
      `must list 1 to ${WRITE_OFF_INVOICES_MAX} invoices`,
    );
  }
  if (new Set(data.invoices.map((invoice) => invoice.invoiceId)).size !== data.invoices.length) {
    throw invalid('WRITE_OFF_INVOICE_DUPLICATED', 'invoices', 'must not list an invoice twice');
  }
  const invoices = data.invoices.map((invoice, index) => {
    const part = positiveMoneyInput(invoice.amount, data.currency, `invoices[${index}].amount`);
    const open = moneyInput(invoice.amountOpen, data.currency, `invoices[${index}].amountOpen`);
    if (part.greaterThan(open)) {
      throw invalid(
        'WRITE_OFF_EXCEEDS_OPEN_AMOUNT',
        `invoices[${index}].amount`,
        `must not exceed the open amount ${open.amount}`,
      );
    }
    return { invoiceId: invoice.invoiceId, amount: part.amount };
  });
  const sum = Money.sum(
    invoices.map((invoice) => Money.of(invoice.amount, data.currency)),
    data.currency,
  );
  if (!sum.equals(amount)) {
    throw invalid(
      'WRITE_OFF_INVOICES_DO_NOT_SUM',
      'amount',
      `must equal the invoices' parts, ${sum.amount}`,
    );
  }
  return invoices;
}

function pending(state: WriteOffState): WriteOffRequested {
  if (state.status === 'none' || !state.requested)
    throw new DomainError('WRITE_OFF_NOT_FOUND', 'No such write-off request', 'not_found');
  if (state.status !== 'pending')
    throw conflict('WRITE_OFF_ALREADY_DECIDED', `The write-off was already ${state.status}`);
  return state.requested;
}

/** Maker-checker: a billing manager, and never the agent who asked. */
function ensureChecker(user: string, roles: string[], requestedBy: string): void {
  if (user === requestedBy) {
    throw new DomainError(
      'SELF_APPROVAL_FORBIDDEN',
      'A write-off must be decided by someone other than its requester',
      'forbidden',
    );
  }
  if (!Array.isArray(roles) || !roles.includes(WRITE_OFF_APPROVER_ROLE)) {
    throw new DomainError(
      'APPROVER_ROLE_REQUIRED',
      `Only a ${WRITE_OFF_APPROVER_ROLE} may decide a write-off above the threshold`,
      'forbidden',
    );
  }
}

function approve({ data }: ApproveWriteOff, state: WriteOffState): WriteOffEvent[] {
  const request = pending(state);
  ensureChecker(data.approvedBy, data.approverRoles, request.requestedBy);
  return [
    {
      type: 'WriteOffApproved',
      data: {
        billingAccountId: request.billingAccountId,
        writeOffId: request.writeOffId,
        currency: request.currency,
        amount: request.amount,
        invoices: request.invoices,
        reason: request.reason,
        requestedBy: request.requestedBy,
        approvedBy: data.approvedBy,
        autoApproved: false,
        approvedAt: data.approvedAt,
      },
    },
  ];
}

function reject({ data }: RejectWriteOff, state: WriteOffState): WriteOffEvent[] {
  const request = pending(state);
  ensureChecker(data.rejectedBy, data.rejectorRoles, request.requestedBy);
  const reason = typeof data.reason === 'string' ? data.reason.trim() : '';
  if (reason.length === 0 || reason.length > REASON_LENGTH_MAX) {
    throw invalid(
      'REJECTION_REASON_REQUIRED',
      'reason',
      `must say why, in 1 to ${REASON_LENGTH_MAX} characters`,
    );
  }
  return [
    {
      type: 'WriteOffRejected',
      data: {
        billingAccountId: request.billingAccountId,
        writeOffId: request.writeOffId,
        rejectedBy: data.rejectedBy,
        reason,
        rejectedAt: data.rejectedAt,
      },
    },
  ];
}
