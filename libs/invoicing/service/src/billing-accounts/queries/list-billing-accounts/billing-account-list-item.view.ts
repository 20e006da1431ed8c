import { ViewField } from '@billing/platform';
import type { VerificationState } from './list-billing-accounts.query';

/** One account in a list (no contact details: `GET /invoicing/billing-accounts/{id}` has them). */
export class BillingAccountListItemView {
  @ViewField.id()
  billingAccountId!: string;
  /** `[erased]` after the account's personal data was erased. */
  @ViewField.text()
  legalName!: string;
  @ViewField.currency()
  currency!: string;
  @ViewField.text()
  status!: 'open' | 'closed';
  @ViewField.text()
  verification!: VerificationState;
  @ViewField.boolean()
  onHold!: boolean;
  @ViewField.integer()
  paymentTermsDays!: number;
}

export class BillingAccountListView {
  @ViewField.list(() => BillingAccountListItemView)
  items!: BillingAccountListItemView[];
  /** The cursor of the next page; null on the last page. */
  @ViewField.text({
    nullable: true,
    description: 'The cursor of the next page; null on the last page',
  })
  next!: string | null;
}
