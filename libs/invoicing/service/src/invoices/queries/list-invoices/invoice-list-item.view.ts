import { ViewField } from '@billing/platform';
import type { InvoiceStatus } from '@billing/contracts';

/** One invoice in a list: what a coordinator scans; `GET /invoicing/invoices/{id}` has the rest. */
export class InvoiceListItemView {
  @ViewField.id()
  invoiceId!: string;
  @ViewField.id()
  billingAccountId!: string;
  /** Null while a draft. */
  @ViewField.text({ nullable: true })
  number!: string | null;
  @ViewField.text()
  status!: InvoiceStatus;
  @ViewField.currency()
  currency!: string;
  /** Decimal string in the currency's minor units, e.g. `"250.00"`. */
  @ViewField.amount()
  total!: string;
  /** Null while a draft. */
  @ViewField.amount({ nullable: true })
  amountOpen!: string | null;
  @ViewField.date({ nullable: true })
  issueDate!: string | null;
  @ViewField.date({ nullable: true })
  dueDate!: string | null;
  @ViewField.text({ nullable: true })
  purchaseOrderNumber!: string | null;
}

export class InvoiceListView {
  @ViewField.list(() => InvoiceListItemView)
  items!: InvoiceListItemView[];
  /** The cursor of the next page; null on the last page. */
  @ViewField.text({
    nullable: true,
    description: 'The cursor of the next page; null on the last page',
  })
  next!: string | null;
}
