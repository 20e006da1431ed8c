import fc from 'fast-check';
import { Money } from '@billing/money';
import {
  allocateOldestDueFirst,
  amountAllocatable,
  type OpenInvoice,
} from './allocate-oldest-due-first';

/** Minor units as bigint, rendered as a decimal string: no JS number ever holds an amount. */
const cents = (max: bigint) =>
  fc.bigInt({ min: 0n, max }).map((c) => `${c / 100n}.${String(c % 100n).padStart(2, '0')}`);
const day = fc
  .integer({ min: 1, max: 28 })
  .map((d) => `2026-0${1 + (d % 3)}-${String(d).padStart(2, '0')}`);

const invoiceArb = fc.record({
  invoiceId: fc.uuid(),
  number: fc.integer({ min: 1, max: 999 }).map((n) => `INV-2026-${String(n).padStart(6, '0')}`),
  dueDate: day,
  issueDate: day,
  amountOpen: cents(500_000n),
  currency: fc.constantFrom('USD', 'USD', 'USD', 'EUR'),
});
/** Some invoices disputed: nothing, part of the open amount, all of it, or more (paid since). */
const invoiceWithHoldArb = fc
  .tuple(invoiceArb, fc.option(cents(600_000n), { nil: undefined }))
  .map(([invoice, amountHeld]): OpenInvoice =>
    amountHeld === undefined ? invoice : { ...invoice, amountHeld },
  );

const usd = (amount: string) => Money.of(amount, 'USD');

describe('allocateOldestDueFirst', () => {
  it('never over-allocates or touches held amounts, loses nothing, and pays in due-date order (1000 runs)', () => {
    fc.assert(
      fc.property(
        cents(3_000_000n),
        fc.uniqueArray(invoiceWithHoldArb, { maxLength: 15, selector: (i) => i.invoiceId }),
        (amountText, invoices) => {
          const amount = usd(amountText);
          const { allocations, remainder } = allocateOldestDueFirst(amount, invoices);
          const byId = new Map(invoices.map((i) => [i.invoiceId, i]));

          for (const allocation of allocations) {
            const invoice = byId.get(allocation.invoiceId)!;
            expect(invoice.currency).toBe('USD');
            expect(allocation.amount.isPositive()).toBe(true);
            expect(allocation.amount.lessThanOrEqual(usd(invoice.amountOpen))).toBe(true);
            const heldValue = usd(invoice.amountHeld ?? '0.00');
            expect(
              allocation.amount.lessThanOrEqual(usd(invoice.amountOpen).subtract(heldValue)),
            ).toBe(true);
          }
          const allocatedIds = allocations.map((a) => a.invoiceId);
          expect(new Set(allocatedIds).size).toBe(allocatedIds.length);
          expect(
            Money.sum([...allocations.map((a) => a.amount), remainder], 'USD').equals(amount),
          ).toBe(true);
          expect(remainder.isNegative()).toBe(false);

          const dueDates = allocations.map((a) => byId.get(a.invoiceId)!.dueDate);
          expect(dueDates).toEqual([...dueDates].sort());

          // Greedy: only the last allocation may be partial, and money is left over only when
          // every eligible invoice is paid in full.
          allocations
            .slice(0, -1)
            .forEach((a) =>
              expect(a.amount.equals(amountAllocatable(byId.get(a.invoiceId)!))).toBe(true),
            );
          const eligibleOpen = Money.sum(
            invoices.filter((i) => i.currency === 'USD').map((i) => amountAllocatable(i)),
            'USD',
          );
          if (remainder.isPositive())
            expect(
              Money.sum(
                allocations.map((a) => a.amount),
                'USD',
              ).equals(eligibleOpen),
            ).toBe(true);
        },
      ),
      { numRuns: 1000 },
    );
  });

  const invoice = (
    invoiceId: string,
    dueDate: string,
    issueDate: string,
    number: string,
    amountOpen: string,
  ): OpenInvoice => ({
    invoiceId,
    number,
    dueDate,
    issueDate,
    amountOpen,
    currency: 'USD',
  });

  it('breaks due-date ties by issue date, then by number', () => {
    const { allocations, remainder } = allocateOldestDueFirst(usd('30.00'), [
      invoice('c', '2026-02-01', '2026-01-02', 'INV-3', '10.00'),
      invoice('b', '2026-02-01', '2026-01-01', 'INV-2', '10.00'),
      invoice('a', '2026-02-01', '2026-01-01', 'INV-1', '10.00'),
    ]);
    expect(allocations.map((a) => [a.invoiceId, a.amount.amount])).toEqual([
      ['a', '10.00'],
      ['b', '10.00'],
      ['c', '10.00'],
    ]);
    expect(remainder.amount).toBe('0.00');
  });

  describe('with amounts under dispute', () => {
    const older = invoice('older', '2026-02-01', '2026-01-01', 'INV-1', '1000.00');
    const newer = invoice('newer', '2026-03-01', '2026-02-01', 'INV-2', '500.00');

    it('pays the undisputed part of an invoice, then the next invoice', () => {
      const { allocations, remainder } = allocateOldestDueFirst(usd('1000.00'), [
        { ...older, amountHeld: '300.00' },
        newer,
      ]);
      expect(allocations.map((a) => [a.invoiceId, a.amount.amount])).toEqual([
        ['older', '700.00'],
        ['newer', '300.00'],
      ]);
      expect(remainder.amount).toBe('0.00');
    });

    it('skips an invoice whose whole open amount is disputed', () => {
      const { allocations } = allocateOldestDueFirst(usd('200.00'), [
        { ...older, amountHeld: '1000.00' },
        newer,
      ]);
      expect(allocations.map((a) => [a.invoiceId, a.amount.amount])).toEqual([['newer', '200.00']]);
    });

    it('leaves the payment unapplied when everything open is disputed', () => {
      const { allocations, remainder } = allocateOldestDueFirst(usd('400.00'), [
        { ...older, amountHeld: '1000.00' },
        { ...newer, amountHeld: '500.00' },
      ]);
      expect(allocations).toEqual([]);
      expect(remainder.amount).toBe('400.00');
    });

    it('treats a hold larger than what is still open as nothing to pay, not a negative amount', () => {
      // The customer paid part of the disputed amount by naming the invoice; 300.00 is still held.
      const { allocations, remainder } = allocateOldestDueFirst(usd('50.00'), [
        { ...older, amountOpen: '100.00', amountHeld: '300.00' },
      ]);
      expect(allocations).toEqual([]);
      expect(remainder.amount).toBe('50.00');
      expect(
        amountAllocatable({ ...older, amountOpen: '100.00', amountHeld: '300.00' }).amount,
      ).toBe('0.00');
    });
  });
});
