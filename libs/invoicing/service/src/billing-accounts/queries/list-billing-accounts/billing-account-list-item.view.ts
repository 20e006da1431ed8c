import type { VerificationState } from './list-billing-accounts.query';

/** One account in a list (no contact details: `GET /invoicing/billing-accounts/{id}` has them). */
export class BillingAccountListItemView {
  billingAccountId!: string;
  /** `[erased]` after the account's personal data was erased. */
  legalName!: string;
  currency!: string;
  status!: 'open' | 'closed';
  verification!: VerificationState;
  onHold!: boolean;
  paymentTermsDays!: number;
}

export class BillingAccountListView {
  items!: BillingAccountListItemView[];
  /** The cursor of the next page; null on the last page. */
  next!: string | null;
}
