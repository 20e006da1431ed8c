import {
  agingBuckets,
  ledgerAccountIds,
  type AgingBucket,
  type EntrySide,
  type LedgerAccountId,
  type StatementLineKind,
} from '@billing/ledger-domain';
import { ViewField } from '@billing/platform';
import {
  ledgerProjectionNames,
  type LedgerProjectionName,
} from '../../core/projections/ledger-projection-spec';
import type { VersionState } from '../../core/registry/projection-registry';

/**
 * The ledger's answers as view classes: each controller is typed with its class, so the compiler
 * checks the query's answer carries every field the document describes.
 */
const statementLineKinds: readonly StatementLineKind[] = [
  'invoice',
  'invoice_voided',
  'credit_note',
  'payment',
  'payment_reversal',
  'write_off',
  'refund',
];

const computedAtDescription =
  'How the answer was computed: `live` read models (with their positions), or a `replay` of the log up to `asOf`';

export class JournalLineView {
  @ViewField.oneOf(ledgerAccountIds) ledgerAccount!: LedgerAccountId;
  @ViewField.oneOf(['debit', 'credit']) side!: EntrySide;
  @ViewField.amount() amount!: string;
}

export class JournalEntryView {
  @ViewField.text() entryId!: string;
  @ViewField.id() eventId!: string;
  @ViewField.text({ example: 'InvoiceIssued' }) eventType!: string;
  @ViewField.integer({ example: 42 }) globalPosition!: number;
  @ViewField.id() billingAccountId!: string;
  @ViewField.currency() currency!: string;
  @ViewField.date() businessDate!: string;
  @ViewField.text({ example: 'INV-2026-000001' }) reference!: string;
  @ViewField.list(() => JournalLineView) lines!: JournalLineView[];
}

export class JournalPageView {
  @ViewField.list(() => JournalEntryView) items!: JournalEntryView[];
  @ViewField.integer({ nullable: true, description: 'Pass as `afterPosition` for the next page' })
  nextAfterPosition!: number | null;
  @ViewField.object({ description: computedAtDescription }) computedAt!: object;
}

export class TrialBalanceRowView {
  @ViewField.oneOf(ledgerAccountIds) ledgerAccount!: LedgerAccountId;
  @ViewField.text({ example: 'Accounts receivable' }) name!: string;
  @ViewField.amount() debit!: string;
  @ViewField.amount() credit!: string;
  @ViewField.amount({ description: 'May be negative' }) balance!: string;
}

export class CurrencyTrialBalanceView {
  @ViewField.currency() currency!: string;
  @ViewField.list(() => TrialBalanceRowView) rows!: TrialBalanceRowView[];
  @ViewField.amount() debitTotal!: string;
  @ViewField.amount() creditTotal!: string;
  @ViewField.amount({ description: 'debitTotal − creditTotal: zero when the books balance' })
  net!: string;
}

export class TrialBalanceView {
  @ViewField.list(() => CurrencyTrialBalanceView) currencies!: CurrencyTrialBalanceView[];
  @ViewField.object({ description: computedAtDescription }) computedAt!: object;
}

export class AgingAmountsView {
  @ViewField.amount() current!: string;
  @ViewField.amount() days1To30!: string;
  @ViewField.amount() days31To60!: string;
  @ViewField.amount() days61To90!: string;
  @ViewField.amount() over90!: string;
  @ViewField.amount() total!: string;
}

export class AgedInvoiceView {
  @ViewField.id() invoiceId!: string;
  @ViewField.text({ example: 'INV-2026-000001' }) number!: string;
  @ViewField.date() dueDate!: string;
  @ViewField.integer() daysPastDue!: number;
  @ViewField.oneOf(agingBuckets) bucket!: AgingBucket;
  @ViewField.amount() amountOpen!: string;
}

export class AccountAgingView {
  @ViewField.id() billingAccountId!: string;
  @ViewField.currency() currency!: string;
  @ViewField.nested(() => AgingAmountsView) buckets!: AgingAmountsView;
  @ViewField.list(() => AgedInvoiceView) invoices!: AgedInvoiceView[];
}

export class AgingTotalView {
  @ViewField.currency() currency!: string;
  @ViewField.nested(() => AgingAmountsView) buckets!: AgingAmountsView;
}

export class AgingReportView {
  @ViewField.date() asOf!: string;
  @ViewField.list(() => AccountAgingView) accounts!: AccountAgingView[];
  @ViewField.list(() => AgingTotalView) totals!: AgingTotalView[];
  @ViewField.boolean({ description: 'More accounts owe than one answer lists' })
  accountsTruncated!: boolean;
  @ViewField.object({ description: computedAtDescription }) computedAt!: object;
}

export class StatementRowView {
  @ViewField.oneOf(statementLineKinds) kind!: StatementLineKind;
  @ViewField.date() businessDate!: string;
  @ViewField.integer() globalPosition!: number;
  @ViewField.id() eventId!: string;
  @ViewField.text({ example: 'INV-2026-000001' }) reference!: string;
  @ViewField.id() documentId!: string;
  @ViewField.text() description!: string;
  @ViewField.amount({ description: 'May be negative' }) amount!: string;
  @ViewField.amount({ description: 'May be negative' }) runningBalance!: string;
}

export class CurrencyStatementView {
  @ViewField.currency() currency!: string;
  @ViewField.amount({ description: 'May be negative' }) openingBalance!: string;
  @ViewField.list(() => StatementRowView) lines!: StatementRowView[];
  @ViewField.amount({ description: 'Sum of the positive movements' }) charges!: string;
  @ViewField.amount({ description: 'Sum of the negative movements, as a positive amount' })
  credits!: string;
  @ViewField.amount({ description: 'May be negative' }) closingBalance!: string;
}

export class StatementView {
  @ViewField.id() billingAccountId!: string;
  @ViewField.date() from!: string;
  @ViewField.date() to!: string;
  @ViewField.list(() => CurrencyStatementView) currencies!: CurrencyStatementView[];
  @ViewField.object({ description: computedAtDescription }) computedAt!: object;
}

export class AuditEntryView {
  @ViewField.id() eventId!: string;
  @ViewField.text({ example: 'InvoiceIssued' }) type!: string;
  @ViewField.text() actorId!: string;
  @ViewField.texts() actorRoles!: string[];
  @ViewField.text({ example: 'invoicing' }) service!: string;
  @ViewField.instant({ description: 'Commit time (store)' }) recordedAt!: string;
  @ViewField.instant({ description: 'Business time' }) occurredAt!: string;
  @ViewField.text() correlationId!: string;
  @ViewField.text({ nullable: true }) causationId!: string | null;
  @ViewField.text() streamId!: string;
  @ViewField.integer() streamVersion!: number;
  @ViewField.integer() globalPosition!: number;
}

export class AuditTrailPageView {
  @ViewField.list(() => AuditEntryView) items!: AuditEntryView[];
  @ViewField.integer({ nullable: true, description: 'Pass as `afterPosition` for the next page' })
  nextAfterPosition!: number | null;
  @ViewField.object({ description: computedAtDescription }) computedAt!: object;
}

const versionStates: readonly VersionState[] = ['building', 'live', 'retired', 'rejected'];

export class ProjectionVersionView {
  @ViewField.oneOf(ledgerProjectionNames) projection!: LedgerProjectionName;
  @ViewField.integer({ example: 1 }) version!: number;
  @ViewField.oneOf(versionStates) state!: VersionState;
  @ViewField.text({ description: "The store's safe-order position after the last event applied" })
  checkpoint!: string;
  @ViewField.integer({ description: 'Highest global position applied' }) position!: number;
  @ViewField.integer() eventsApplied!: number;
  @ViewField.instant({ nullable: true }) liveSince!: string | null;
  @ViewField.instant({ nullable: true }) retiredAt!: string | null;
  @ViewField.instant() updatedAt!: string;
}

export class ProjectionVersionsView {
  @ViewField.list(() => ProjectionVersionView) versions!: ProjectionVersionView[];
}
