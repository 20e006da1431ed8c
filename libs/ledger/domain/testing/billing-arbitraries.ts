import fc from 'fast-check';
import { Money, MoneyDecimal, Currency } from '@billing/money';
import { BillingSimulator, type SimInvoice, type SimPayment } from './billing-simulator';

/** Accounts of the generated sequences; acct-d bills in two currencies. */
export const simAccounts: ReadonlyArray<{ id: string; currencies: readonly string[] }> = [
  { id: 'acct-a', currencies: ['USD'] },
  { id: 'acct-b', currencies: ['EUR'] },
  { id: 'acct-c', currencies: ['JPY'] },
  { id: 'acct-d', currencies: ['USD', 'BHD'] },
];

const taxRates = ['0', '0.07', '0.2'] as const;

export type BillingIntent =
  | {
      kind: 'issue';
      account: number;
      currency: number;
      netUnits: number;
      taxRate: number;
      termsDays: number;
    }
  | { kind: 'credit'; target: number; percent: number }
  | { kind: 'receive'; account: number; currency: number; units: number }
  | {
      kind: 'allocate';
      payment: number;
      targets: number[];
      percent: number;
      pending: boolean;
      overApply: boolean;
    }
  | { kind: 'settle'; payment: number }
  | { kind: 'reverse'; payment: number }
  | { kind: 'refund'; payment: number; percent: number }
  | { kind: 'chargeBack'; payment: number; allocationCount: number }
  | { kind: 'writeOff'; target: number; percent: number }
  | { kind: 'void'; target: number }
  | {
      kind: 'dispute';
      target: number;
      percent: number;
      outcome: 'accepted' | 'rejected' | 'withdrawn' | 'open';
    }
  | { kind: 'advance'; days: number };

const pick = fc.nat({ max: 1000 });
const percent = fc.integer({ min: 1, max: 100 });

export const billingIntent: fc.Arbitrary<BillingIntent> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('issue' as const),
      account: pick,
      currency: pick,
      netUnits: fc.integer({ min: 1, max: 5_000_000 }),
      taxRate: pick,
      termsDays: fc.constantFrom(0, 14, 30, 60),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('credit' as const), target: pick, percent }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('receive' as const),
      account: pick,
      currency: pick,
      units: fc.integer({ min: 1, max: 8_000_000 }),
    }),
  },
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('allocate' as const),
      payment: pick,
      targets: fc.array(pick, { minLength: 1, maxLength: 3 }),
      percent,
      pending: fc.boolean(),
      overApply: fc.constantFrom(false, false, false, true),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('settle' as const), payment: pick }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('reverse' as const), payment: pick }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('refund' as const), payment: pick, percent }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('writeOff' as const), target: pick, percent }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('chargeBack' as const),
      payment: pick,
      allocationCount: fc.integer({ min: 0, max: 2 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('void' as const), target: pick }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('dispute' as const),
      target: pick,
      percent,
      outcome: fc.constantFrom(
        'accepted' as const,
        'rejected' as const,
        'withdrawn' as const,
        'open' as const,
      ),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('advance' as const),
      days: fc.integer({ min: 1, max: 45 }),
    }),
  },
);

/** Long enough sequences that payments meet open invoices of their account and currency. */
export const billingIntents = (maxLength: number) =>
  fc.array(billingIntent, { minLength: Math.min(8, maxLength), maxLength, size: 'max' });

function fromMinorUnits(units: number, currency: string): Money {
  return Money.fromDecimal(
    new MoneyDecimal(units).dividedBy(new MoneyDecimal(10).pow(Currency.of(currency).minorUnits)),
    currency,
  );
}

/** `percent` % of `amount`, rounded half-even: never more than the amount itself. */
function share(amount: Money, percentValue: number): Money {
  return amount.multiply(new MoneyDecimal(percentValue).dividedBy(100));
}

function choose<T>(items: T[], index: number): T | undefined {
  return items.length === 0 ? undefined : items[index % items.length];
}

const openInvoices = (sim: BillingSimulator) =>
  [...sim.invoices.values()].filter((i) => !i.voided && i.open.isPositive());
const livePayments = (sim: BillingSimulator) =>
  [...sim.payments.values()].filter((p) => !p.reversed);

/** Turns generated intents into a valid event sequence; an intent with nothing to act on is skipped. */
export function simulate(
  intents: readonly BillingIntent[],
  startDate = '2026-01-05',
): BillingSimulator {
  const sim = new BillingSimulator(startDate);
  for (const intent of intents) play(sim, intent);
  // Invoicing eventually answers every allocation.
  for (const payment of sim.payments.values()) sim.settlePending(payment.paymentId);
  return sim;
}

function play(sim: BillingSimulator, intent: BillingIntent): void {
  switch (intent.kind) {
    case 'issue': {
      const account = simAccounts[
        intent.account % simAccounts.length
      ] as (typeof simAccounts)[number];
      const currency = account.currencies[intent.currency % account.currencies.length] as string;
      const net = fromMinorUnits(intent.netUnits, currency);
      const tax = net.multiply(taxRates[intent.taxRate % taxRates.length] as string);
      sim.issueInvoice({
        billingAccountId: account.id,
        currency,
        subtotal: net.amount,
        taxTotal: tax.amount,
        termsDays: intent.termsDays,
      });
      return;
    }
    case 'credit': {
      const invoice = choose(openInvoices(sim), intent.target);
      if (invoice === undefined) return;
      const amount = share(invoice.open, intent.percent);
      if (amount.isPositive()) sim.creditNote(invoice.invoiceId, amount.amount);
      return;
    }
    case 'receive': {
      const account = simAccounts[
        intent.account % simAccounts.length
      ] as (typeof simAccounts)[number];
      const currency = account.currencies[intent.currency % account.currencies.length] as string;
      sim.receivePayment({
        billingAccountId: account.id,
        currency,
        amount: fromMinorUnits(intent.units, currency).amount,
      });
      return;
    }
    case 'allocate':
      return allocate(sim, intent);
    case 'settle': {
      const payment = choose([...sim.payments.values()], intent.payment);
      if (payment !== undefined) sim.settlePending(payment.paymentId);
      return;
    }
    case 'reverse': {
      const payment = choose(livePayments(sim), intent.payment);
      if (payment !== undefined) sim.reversePayment(payment.paymentId);
      return;
    }
    case 'refund': {
      const payment = choose(
        livePayments(sim).filter((p) => p.unapplied.isPositive()),
        intent.payment,
      );
      if (payment === undefined) return;
      const amount = share(payment.unapplied, intent.percent);
      if (amount.isPositive()) sim.refund(payment.paymentId, amount.amount);
      return;
    }
    case 'chargeBack': {
      // The unapplied credit and the most recent confirmed allocations (whole ones), as payments
      // takes them.
      const payment = choose(livePayments(sim), intent.payment);
      if (payment === undefined) return;
      const confirmed = payment.allocations.filter((a) => a.status === 'confirmed');
      const taken = confirmed.slice(
        confirmed.length - Math.min(intent.allocationCount, confirmed.length),
      );
      const amount = Money.sum(
        [payment.unapplied, ...taken.map((a) => a.amount)],
        payment.currency,
      );
      if (amount.isPositive()) sim.chargeBack(payment.paymentId, amount.amount);
      return;
    }
    case 'writeOff': {
      const invoice = choose(openInvoices(sim), intent.target);
      if (invoice === undefined) return;
      const amount = share(invoice.open, intent.percent);
      if (amount.isPositive()) sim.writeOff(invoice.invoiceId, amount.amount);
      return;
    }
    case 'void': {
      const invoice = choose(
        openInvoices(sim).filter((i) => i.open.equals(i.total) && !hasPendingAllocation(sim, i)),
        intent.target,
      );
      if (invoice !== undefined) sim.voidInvoice(invoice.invoiceId);
      return;
    }
    case 'dispute': {
      const invoice = choose(openInvoices(sim), intent.target);
      if (invoice === undefined) return;
      const amount = share(invoice.open, intent.percent);
      if (!amount.isPositive()) return;
      const disputeId = sim.openDispute(invoice.invoiceId, amount.amount);
      if (intent.outcome !== 'open')
        sim.advanceDays(intent.percent % 10).resolveDispute(disputeId, intent.outcome);
      return;
    }
    case 'advance':
      sim.advanceDays(intent.days);
      return;
  }
}

function hasPendingAllocation(sim: BillingSimulator, invoice: SimInvoice): boolean {
  return [...sim.payments.values()].some((p) =>
    p.allocations.some((a) => a.awaitingInvoicing && a.invoiceId === invoice.invoiceId),
  );
}

function allocate(
  sim: BillingSimulator,
  intent: Extract<BillingIntent, { kind: 'allocate' }>,
): void {
  const open = openInvoices(sim);
  const candidatesOf = (p: SimPayment) =>
    open.filter((i) => i.billingAccountId === p.billingAccountId && i.currency === p.currency);
  const payment: SimPayment | undefined = choose(
    livePayments(sim).filter((p) => p.unapplied.isPositive() && candidatesOf(p).length > 0),
    intent.payment,
  );
  if (payment === undefined) return;
  const candidates = candidatesOf(payment);
  const targets = [
    ...new Set(
      intent.targets
        .map((t) => choose(candidates, t))
        .filter((i): i is SimInvoice => i !== undefined),
    ),
  ];
  let remaining = payment.unapplied;
  const parts: Array<{ invoiceId: string; amount: string }> = [];
  for (const invoice of targets) {
    const minorUnit = fromMinorUnits(1, payment.currency);
    // Over-applying by one minor unit makes invoicing refuse it and payments take it back.
    const wanted = intent.overApply
      ? invoice.open.add(minorUnit)
      : share(invoice.open, intent.percent);
    const amount = Money.min(wanted, remaining);
    if (!amount.isPositive()) continue;
    parts.push({ invoiceId: invoice.invoiceId, amount: amount.amount });
    remaining = remaining.subtract(amount);
  }
  if (parts.length > 0) sim.allocate(payment.paymentId, parts, { pending: intent.pending });
}
