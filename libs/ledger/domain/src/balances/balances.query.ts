import { Money } from '@billing/money';
import { own } from '../shared/records';
import type {
  AccountBalance,
  BalancesState,
  InvoiceBalance,
  InvoiceMovement,
} from './balances.state';

/** One account's balances, currencies in code order; empty when the account is unknown. */
export function accountBalances(state: BalancesState, billingAccountId: string): AccountBalance[] {
  const byCurrency = own(state.accounts, billingAccountId) ?? {};
  return Object.keys(byCurrency)
    .sort()
    .map((currency) => byCurrency[currency] as AccountBalance);
}

/** Every account's balances, ordered by account id then currency. */
export function allAccountBalances(state: BalancesState): AccountBalance[] {
  return Object.keys(state.accounts)
    .sort()
    .flatMap((id) => accountBalances(state, id));
}

/** An account's invoices ordered by issue date, then number. */
export function invoicesOfAccount(
  state: BalancesState,
  billingAccountId: string,
): InvoiceBalance[] {
  return Object.values(state.invoices)
    .filter((invoice) => invoice.billingAccountId === billingAccountId)
    .sort(byIssueDateThenNumber);
}

export function byIssueDateThenNumber(a: InvoiceBalance, b: InvoiceBalance): number {
  if (a.issueDate !== b.issueDate) return a.issueDate < b.issueDate ? -1 : 1;
  if (a.number !== b.number) return a.number < b.number ? -1 : 1;
  return a.invoiceId < b.invoiceId ? -1 : a.invoiceId > b.invoiceId ? 1 : 0;
}

/** The open amount of an invoice as it stood at the end of business date `asOf`. */
export function invoiceOpenAsOf(invoice: InvoiceBalance, asOf: string): Money {
  return Money.sum(
    invoice.movements
      .filter((m) => m.businessDate <= asOf)
      .map((m) => Money.of(m.amount, invoice.currency)),
    invoice.currency,
  );
}

export interface OpenAmountDiscrepancy {
  invoiceId: string;
  number: string;
  ledgerAmountOpen: string;
  invoicingAmountOpen: string;
}

/**
 * Invoices whose open amount in the ledger differs from invoicing's own latest figure. Empty
 * whenever both fold the same events correctly; anything here is worth an investigation.
 */
export function openAmountDiscrepancies(state: BalancesState): OpenAmountDiscrepancy[] {
  return Object.values(state.invoices)
    .filter(
      (invoice) =>
        !Money.of(invoice.amountOpen, invoice.currency).equals(
          Money.of(invoice.reportedAmountOpen, invoice.currency),
        ),
    )
    .sort(byIssueDateThenNumber)
    .map((invoice) => ({
      invoiceId: invoice.invoiceId,
      number: invoice.number,
      ledgerAmountOpen: invoice.amountOpen,
      invoicingAmountOpen: invoice.reportedAmountOpen,
    }));
}

function chronological(a: InvoiceMovement, b: InvoiceMovement): number {
  if (a.businessDate !== b.businessDate) return a.businessDate < b.businessDate ? -1 : 1;
  return a.globalPosition - b.globalPosition;
}

/**
 * The business date a payment application brought the invoice to zero, if it was still fully
 * paid at the end of `asOf`; null when it was open then, or settled by credit or write-off.
 */
export function fullyPaidOnAsOf(invoice: InvoiceBalance, asOf: string): string | null {
  let open = Money.zero(invoice.currency);
  let paidOn: string | null = null;
  for (const movement of [...invoice.movements].sort(chronological)) {
    if (movement.businessDate > asOf) break;
    open = open.add(Money.of(movement.amount, invoice.currency));
    if (!open.isZero()) paidOn = null;
    else if (movement.kind === 'payment_applied') paidOn = movement.businessDate;
    else if (movement.kind !== 'issued') paidOn = null;
  }
  return paidOn;
}
