import { ViewField } from '@billing/platform';
import type { CreditNoteReason } from '@billing/contracts';
import type { CreditNoteStatus } from './list-credit-notes.query';

export class CreditNoteListItemView {
  @ViewField.id()
  creditNoteId!: string;
  @ViewField.id()
  invoiceId!: string;
  @ViewField.id()
  billingAccountId!: string;
  /** Null until issued. */
  @ViewField.text({ nullable: true })
  number!: string | null;
  @ViewField.text()
  status!: CreditNoteStatus;
  @ViewField.currency()
  currency!: string;
  /** Decimal string including tax, e.g. `"50.00"`. */
  @ViewField.amount()
  amount!: string;
  @ViewField.amount({ nullable: true })
  netAmount!: string | null;
  @ViewField.amount({ nullable: true })
  taxAmount!: string | null;
  @ViewField.text()
  reason!: CreditNoteReason;
  @ViewField.id({ nullable: true })
  disputeId!: string | null;
  /** Null until issued. */
  @ViewField.date({ nullable: true })
  issueDate!: string | null;
  /** Set when it waited for approval. */
  @ViewField.instant({ nullable: true })
  requestedAt!: string | null;
}

export class CreditNoteListView {
  @ViewField.list(() => CreditNoteListItemView)
  items!: CreditNoteListItemView[];
  /** The cursor of the next page; null on the last page. */
  @ViewField.text({
    nullable: true,
    description: 'The cursor of the next page; null on the last page',
  })
  next!: string | null;
}
