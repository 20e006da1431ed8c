import { ViewField } from '@billing/platform';

export class AccountCountsView {
  @ViewField.integer() invoicesIssued!: number;
  @ViewField.integer() invoicesVoided!: number;
  @ViewField.integer() creditNotes!: number;
  @ViewField.integer() writeOffs!: number;
  @ViewField.integer() paymentsReceived!: number;
  @ViewField.integer() paymentsReversed!: number;
  @ViewField.integer() allocationsApplied!: number;
  @ViewField.integer() allocationsReversed!: number;
  @ViewField.integer() refunds!: number;
}

/** One billing account's figures in one currency. */
export class AccountBalanceView {
  @ViewField.id() billingAccountId!: string;
  @ViewField.currency() currency!: string;
  @ViewField.amount({ description: 'Totals of issued invoices (voided ones included)' })
  invoiced!: string;
  @ViewField.amount() voided!: string;
  @ViewField.amount() credited!: string;
  @ViewField.amount({ description: 'Payments applied to invoices, net of reversals' })
  paid!: string;
  @ViewField.amount() writtenOff!: string;
  @ViewField.amount() received!: string;
  @ViewField.amount() refunded!: string;
  @ViewField.amount({ description: 'Cash taken back by the bank when payments bounced' })
  reversed!: string;
  @ViewField.amount({ description: 'received − paid − refunded − reversed' })
  unappliedCredit!: string;
  @ViewField.amount({ description: 'invoiced − voided − credited − paid − written off' })
  openReceivable!: string;
  @ViewField.amount({ description: 'openReceivable − unappliedCredit' }) balanceDue!: string;
  @ViewField.nested(() => AccountCountsView) counts!: AccountCountsView;
}

export class AccountBalancesView {
  @ViewField.id() billingAccountId!: string;
  @ViewField.list(() => AccountBalanceView) balances!: AccountBalanceView[];
  @ViewField.object({
    description: 'How the answer was computed: live read models (and their positions) or a replay',
  })
  computedAt!: object;
}
