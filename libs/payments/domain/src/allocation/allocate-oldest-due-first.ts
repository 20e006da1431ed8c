import { Money } from '@billing/money';
import { invariant } from '@billing/kernel';

/** An open invoice of the account, as the payments read model learned it from invoicing's events. */
export interface OpenInvoice {
  invoiceId: string;
  number: string;
  dueDate: string;
  issueDate: string;
  amountOpen: string;
  currency: string;
  /**
   * What open disputes hold of it (absent: nothing). Automatic allocation leaves it alone; a
   * coordinator may still apply a payment to it by naming the invoice.
   */
  amountHeld?: string;
}

export interface ProposedAllocation {
  invoiceId: string;
  amount: Money;
}

/**
 * The order in which automatic allocation pays invoices: oldest due date first, then oldest issue
 * date, then number, then id (ISO dates compare as strings), so the same inputs always give the
 * same allocations.
 */
export function byOldestDue(a: OpenInvoice, b: OpenInvoice): number {
  return (
    a.dueDate.localeCompare(b.dueDate) ||
    a.issueDate.localeCompare(b.issueDate) ||
    a.number.localeCompare(b.number) ||
    a.invoiceId.localeCompare(b.invoiceId)
  );
}

/**
 * What automatic allocation may pay on the invoice: open minus held, never below zero. A hold can
 * exceed the open amount (a coordinator applied a payment to the disputed part), so clamp.
 */
export function amountAllocatable(invoice: OpenInvoice): Money {
  const open = Money.of(invoice.amountOpen, invoice.currency);
  const held = Money.of(invoice.amountHeld ?? '0', invoice.currency);
  return Money.max(open.subtract(held), Money.zero(invoice.currency));
}

/**
 * Spreads `amount` over the invoices, oldest due first, each up to its open amount less what
 * disputes hold of it. Invoices in another currency, with nothing open or wholly held are
 * skipped. Whatever is left is the remainder (it stays
 * unapplied on the payment). Never loses or invents a minor unit: allocations + remainder ==
 * amount.
 */
export function allocateOldestDueFirst(
  amount: Money,
  invoices: OpenInvoice[],
): { allocations: ProposedAllocation[]; remainder: Money } {
  const currency = amount.currency.code;
  const eligible = invoices
    .filter((invoice) => invoice.currency === currency && amountAllocatable(invoice).isPositive())
    .sort(byOldestDue);

  const allocations: ProposedAllocation[] = [];
  let remainder = amount;
  for (const invoice of eligible) {
    if (!remainder.isPositive()) break;
    const share = Money.min(remainder, amountAllocatable(invoice));
    allocations.push({ invoiceId: invoice.invoiceId, amount: share });
    remainder = remainder.subtract(share);
  }
  invariant(
    Money.sum([...allocations.map((a) => a.amount), remainder], currency).equals(amount),
    'allocations and remainder must add up to the payment',
  );
  return { allocations, remainder };
}
