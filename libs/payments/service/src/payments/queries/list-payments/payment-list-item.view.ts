/** One payment in a list; `GET /payments/payments/{id}` has its allocations and confirmation. */
export class PaymentListItemView {
  paymentId!: string;
  billingAccountId!: string;
  currency!: string;
  /** Decimal strings in the currency's minor units, e.g. `"250.00"`. */
  amount!: string;
  applied!: string;
  pending!: string;
  unapplied!: string;
  refunded!: string;
  reversed!: string;
  chargedBack!: string | null;
  status!: 'received' | 'reversed';
  method!: string;
  externalReference!: string;
  receivedDate!: string;
}

export class PaymentListView {
  items!: PaymentListItemView[];
  /** The cursor of the next page; null on the last page. */
  next!: string | null;
}
