/** How an invoice's open amount changed, dated by business date so it can be read as of any day. */
export type InvoiceMovementKind =
  'issued' | 'voided' | 'credited' | 'payment_applied' | 'payment_unapplied' | 'written_off';

export interface InvoiceMovement {
  kind: InvoiceMovementKind;
  businessDate: string;
  /** Signed change of the open amount: + for the issue and an unapplied payment, − otherwise. */
  amount: string;
  globalPosition: number;
  eventId: string;
  /** Credit note id, payment id, allocation id or write-off id behind the change. */
  reference: string;
}

export interface InvoiceBalance {
  invoiceId: string;
  billingAccountId: string;
  number: string;
  currency: string;
  issueDate: string;
  dueDate: string;
  total: string;
  subtotal: string;
  taxTotal: string;
  /** Invoicing's status after its latest event. */
  status: string;
  credited: string;
  /** Applied payments net of reversed allocations. */
  paid: string;
  writtenOff: string;
  voided: boolean;
  /** The ledger's own figure: total − credited − paid − written off (zero once voided). */
  amountOpen: string;
  /** Invoicing's figure from its latest event, to check the ledger against. */
  reportedAmountOpen: string;
  /** Business date the last payment application brought the open amount to zero; null otherwise. */
  fullyPaidOn: string | null;
  movements: InvoiceMovement[];
}

export interface AccountCounts {
  invoicesIssued: number;
  invoicesVoided: number;
  creditNotes: number;
  writeOffs: number;
  paymentsReceived: number;
  paymentsReversed: number;
  allocationsApplied: number;
  allocationsReversed: number;
  refunds: number;
}

/** One billing account's figures in one currency. */
export interface AccountBalance {
  billingAccountId: string;
  currency: string;
  /** Totals of issued invoices (voided ones included; see `voided`). */
  invoiced: string;
  voided: string;
  credited: string;
  /** Payments applied to invoices, net of reversed allocations. */
  paid: string;
  writtenOff: string;
  received: string;
  refunded: string;
  /** Cash taken back by the bank when payments bounced. */
  reversed: string;
  /** received − paid − refunded − reversed: money not (or no longer) applied to an invoice. */
  unappliedCredit: string;
  /** invoiced − voided − credited − paid − written off. */
  openReceivable: string;
  /** openReceivable − unappliedCredit: what the customer owes net of their credit. */
  balanceDue: string;
  counts: AccountCounts;
}

export interface PaymentBalance {
  paymentId: string;
  billingAccountId: string;
  currency: string;
  externalReference: string;
  receivedDate: string;
  amount: string;
  paid: string;
  refunded: string;
  reversed: string;
  unapplied: string;
}

export interface BalancesState {
  /** billingAccountId -> currency -> balance. */
  accounts: Record<string, Record<string, AccountBalance>>;
  invoices: Record<string, InvoiceBalance>;
  payments: Record<string, PaymentBalance>;
  /** Invoice-side events about invoices never issued (the journal skips the same ones). */
  skipped: Array<{ eventId: string; eventType: string; globalPosition: number; reason: string }>;
}

export const initialBalancesState = (): BalancesState => ({
  accounts: {},
  invoices: {},
  payments: {},
  skipped: [],
});
