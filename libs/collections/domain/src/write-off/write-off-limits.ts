import type { WriteOffCounted } from '@billing/contracts';
import { Money } from '@billing/money';

/** The rolling window over which an account's write-offs add up against the threshold. */
export const WRITE_OFF_WINDOW_DAYS = 30;
const windowMs = WRITE_OFF_WINDOW_DAYS * 24 * 60 * 60 * 1000;

/** A write-off request as the account counts it (WriteOffCounted). */
export type CountedWriteOff = Omit<WriteOffCounted, 'billingAccountId'>;

export interface WriteOffExposure {
  /** Per invoice of the request: what earlier requests on it asked for, plus this request's part. */
  perInvoice: Array<{ invoiceId: string; amount: Money }>;
  /** The account's requests in the 30 days up to this one, plus this one. */
  accountWindow: Money;
}

/**
 * What a request adds up to with the account's earlier ones, in its currency: per invoice (all
 * time) and over the rolling 30 days before `request.requestedAt` (the injected clock's time).
 * Every counted request counts, pending or rejected too: the limit is on what agents ask for, so
 * a split can never get under it, and a rejected ask does not reopen room under it.
 */
export function writeOffExposure(
  request: CountedWriteOff,
  counted: ReadonlyArray<CountedWriteOff>,
): WriteOffExposure {
  const currency = request.currency;
  const sameCurrency = counted.filter(
    (c) => c.currency === currency && c.writeOffId !== request.writeOffId,
  );
  const now = Date.parse(request.requestedAt);
  const inWindow = sameCurrency.filter((c) => {
    const at = Date.parse(c.requestedAt);
    return at > now - windowMs && at <= now;
  });
  const accountWindow = Money.sum(
    [...inWindow, request].map((c) => Money.of(c.amount, currency)),
    currency,
  );
  const perInvoice = request.invoices.map((part) => ({
    invoiceId: part.invoiceId,
    amount: Money.sum(
      [...sameCurrency, request].flatMap((c) =>
        c.invoices
          .filter((i) => i.invoiceId === part.invoiceId)
          .map((i) => Money.of(i.amount, currency)),
      ),
      currency,
    ),
  }));
  return { perInvoice, accountWindow };
}

/** Above the threshold on any invoice, or on the account's 30 days: a manager must approve. */
export function exceedsThreshold(exposure: WriteOffExposure, threshold: Money): boolean {
  return (
    exposure.accountWindow.greaterThan(threshold) ||
    exposure.perInvoice.some((invoice) => invoice.amount.greaterThan(threshold))
  );
}
