import { ViewField } from '@billing/platform';
/** One payment in a list; `GET /payments/payments/{id}` has its allocations and confirmation. */
export class PaymentListItemView {
  @ViewField.id()
  paymentId!: string;
  @ViewField.id()
  billingAccountId!: string;
  @ViewField.currency()
  currency!: string;
  /** Decimal strings in the currency's minor units, e.g. `"250.00"`. */
  @ViewField.amount()
  amount!: string;
  @ViewField.amount()
  applied!: string;
  @ViewField.amount()
  pending!: string;
  @ViewField.amount()
  unapplied!: string;
  @ViewField.amount()
  refunded!: string;
  @ViewField.amount()
  reversed!: string;
  @ViewField.amount({ nullable: true })
  chargedBack!: string | null;
  @ViewField.text()
  status!: 'received' | 'reversed';
  @ViewField.text()
  method!: string;
  @ViewField.text()
  externalReference!: string;
  @ViewField.date()
  receivedDate!: string;
}

export class PaymentListView {
  @ViewField.list(() => PaymentListItemView)
  items!: PaymentListItemView[];
  /** The cursor of the next page; null on the last page. */
  @ViewField.text({
    nullable: true,
    description: 'The cursor of the next page; null on the last page',
  })
  next!: string | null;
}
