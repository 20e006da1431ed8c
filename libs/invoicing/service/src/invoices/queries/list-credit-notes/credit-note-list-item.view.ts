import type { CreditNoteReason } from '@billing/contracts';
import type { CreditNoteStatus } from './list-credit-notes.query';

export class CreditNoteListItemView {
  creditNoteId!: string;
  invoiceId!: string;
  billingAccountId!: string;
  /** Null until issued. */
  number!: string | null;
  status!: CreditNoteStatus;
  currency!: string;
  /** Decimal string including tax, e.g. `"50.00"`. */
  amount!: string;
  netAmount!: string | null;
  taxAmount!: string | null;
  reason!: CreditNoteReason;
  disputeId!: string | null;
  /** Null until issued. */
  issueDate!: string | null;
  /** Set when it waited for approval. */
  requestedAt!: string | null;
}

export class CreditNoteListView {
  items!: CreditNoteListItemView[];
  /** The cursor of the next page; null on the last page. */
  next!: string | null;
}
