import type { InvoiceStatus } from '@billing/contracts';

/** One invoice in a list: what a coordinator scans; `GET /invoicing/invoices/{id}` has the rest. */
export class InvoiceListItemView {
  invoiceId!: string;
  billingAccountId!: string;
  /** Null while a draft. */
  number!: string | null;
  status!: InvoiceStatus;
  currency!: string;
  /** Decimal string in the currency's minor units, e.g. `"250.00"`. */
  total!: string;
  /** Null while a draft. */
  amountOpen!: string | null;
  issueDate!: string | null;
  dueDate!: string | null;
  purchaseOrderNumber!: string | null;
}

export class InvoiceListView {
  items!: InvoiceListItemView[];
  /** The cursor of the next page; null on the last page. */
  next!: string | null;
}
