/**
 * The ledger's chart of accounts. `normalSide` is the side a balance usually sits on; the trial
 * balance reports every account as debit total, credit total and balance = debit − credit, so
 * credit-normal accounts show negative balances and all balances of a currency sum to zero.
 */
export const ledgerAccounts = {
  accounts_receivable: {
    name: 'Accounts receivable',
    kind: 'asset',
    normalSide: 'debit',
    meaning: 'What customers owe on issued invoices.',
  },
  cash: {
    name: 'Cash',
    kind: 'asset',
    normalSide: 'debit',
    meaning: 'Money received from customers, less bounced payments and refunds paid out.',
  },
  unapplied_cash: {
    name: 'Unapplied cash (customer credit)',
    kind: 'liability',
    normalSide: 'credit',
    meaning:
      'Money received and not yet applied to an invoice by invoicing: owed back or to be applied.',
  },
  revenue: {
    name: 'Revenue',
    kind: 'income',
    normalSide: 'credit',
    meaning: 'Net (pre-tax) amount of issued invoices, less voided invoices.',
  },
  sales_credits: {
    name: 'Sales credits (credit notes)',
    kind: 'contra_income',
    normalSide: 'debit',
    meaning: 'Net amount of credit notes; kept apart from revenue so credits stay visible.',
  },
  tax_payable: {
    name: 'Tax payable',
    kind: 'liability',
    normalSide: 'credit',
    meaning: 'Tax charged on invoices, less tax given back by credit notes and voids.',
  },
  bad_debt_expense: {
    name: 'Bad-debt expense',
    kind: 'expense',
    normalSide: 'debit',
    meaning: 'Receivables written off as uncollectable (tax included: no bad-debt tax relief).',
  },
} as const;

export type LedgerAccountId = keyof typeof ledgerAccounts;

/** Every ledger account id, in a fixed order (the order reports list them in). */
export const ledgerAccountIds: readonly LedgerAccountId[] = [
  'accounts_receivable',
  'cash',
  'unapplied_cash',
  'revenue',
  'sales_credits',
  'tax_payable',
  'bad_debt_expense',
];
