import type { InvoiceMovementKind } from '@billing/ledger-domain';
import { ViewField } from '@billing/platform';
import { AccountBalanceView } from '../account-balances/account-balances.view';
import { AuditEntryView, ComputedAtView } from '../../../shared/ledger.views';

const movementKinds: readonly InvoiceMovementKind[] = [
  'issued',
  'voided',
  'credited',
  'payment_applied',
  'payment_unapplied',
  'written_off',
];

/** A change of an invoice's open amount, dated by business date. */
export class InvoiceMovementView {
  @ViewField.oneOf(movementKinds) kind!: InvoiceMovementKind;
  @ViewField.date() businessDate!: string;
  @ViewField.amount({ description: 'Signed: + for the issue and an unapplied payment' })
  amount!: string;
  @ViewField.integer() globalPosition!: number;
  @ViewField.id() eventId!: string;
  @ViewField.text({ description: 'Credit note, payment, allocation or write-off id behind it' })
  reference!: string;
}

/** An invoice as the ledger folds it. */
export class InvoiceBalanceView {
  @ViewField.id() invoiceId!: string;
  @ViewField.id() billingAccountId!: string;
  @ViewField.text({ example: 'INV-2026-000001' }) number!: string;
  @ViewField.currency() currency!: string;
  @ViewField.date() issueDate!: string;
  @ViewField.date() dueDate!: string;
  @ViewField.amount() total!: string;
  @ViewField.amount() subtotal!: string;
  @ViewField.amount() taxTotal!: string;
  @ViewField.text({ example: 'issued', description: "Invoicing's status after its latest event" })
  status!: string;
  @ViewField.amount() credited!: string;
  @ViewField.amount({ description: 'Applied payments net of reversed allocations' })
  paid!: string;
  @ViewField.amount() writtenOff!: string;
  @ViewField.boolean() voided!: boolean;
  @ViewField.amount({ description: "The ledger's figure: total − credited − paid − written off" })
  amountOpen!: string;
  @ViewField.amount({ description: "Invoicing's figure from its latest event" })
  reportedAmountOpen!: string;
  @ViewField.date({
    nullable: true,
    description: 'The business date a payment brought the open amount to zero',
  })
  fullyPaidOn!: string | null;
  @ViewField.list(() => InvoiceMovementView) movements!: InvoiceMovementView[];
}

/** One account replayed from the log: its figures and every event that touched it. */
export class AccountReplayView {
  @ViewField.id() billingAccountId!: string;
  @ViewField.nested(() => ComputedAtView) computedAt!: ComputedAtView;
  @ViewField.list(() => AccountBalanceView) balances!: AccountBalanceView[];
  @ViewField.list(() => InvoiceBalanceView) invoices!: InvoiceBalanceView[];
  @ViewField.list(() => AuditEntryView, { description: 'In the order folded' })
  timeline!: AuditEntryView[];
}
