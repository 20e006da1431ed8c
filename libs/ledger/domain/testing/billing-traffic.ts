import { Money, MoneyDecimal, Currency } from '@billing/money';
import { deriveId } from '@billing/kernel';
import type { LedgerEvent } from '../src/shared/ledger-event';
import { addDays } from '../src/shared/business-date';
import { BillingSimulator, type SimInvoice, type SimPayment } from './billing-simulator';

/**
 * Test and benchmark helper: steady billing traffic over many accounts, in O(1) per step however
 * long it runs (the property-test arbitraries scan every invoice per step, which is fine for 50
 * events and hopeless for a million). Each account bills in one or two currencies; invoices are
 * drafted, reviewed, issued and sent as invoicing does; payments arrive and are allocated to the
 * account's open invoices; now and then a payment bounces, credit is refunded, an invoice is
 * credited, voided or written off, or a dispute is opened and resolved. Deterministic for a seed.
 *
 * Events come out in batches (`take`), already in the global order the simulator gave them.
 * `forStore` turns them into what the event store appends: UUID event ids derived from the run's
 * namespace, the causation ids mapped the same way.
 */
export interface BillingTrafficOptions {
  accounts: number;
  seed?: number;
  startDate?: string;
  /**
   * Share (0..1) of the steps given to the first account, so one account gets a long history
   * (e.g. the as-of replay benchmark's 10,000 events) while the rest share the remainder.
   */
  hotAccountShare?: number;
  /** Id namespace of the run: two runs with different namespaces never share an id. */
  namespace?: string;
}

const currencySets: ReadonlyArray<readonly string[]> = [
  ['USD'],
  ['EUR'],
  ['USD', 'EUR'],
  ['JPY'],
  ['GBP'],
  ['USD', 'BHD'],
];
const taxRates = ['0', '0.07', '0.2'] as const;
const actors = [
  { id: 'coordinator-1', roles: ['billing-clerk'] },
  { id: 'specialist-7', roles: ['billing-manager'] },
  { id: 'bank-feed', roles: ['service'] },
  { id: 'agent-3', roles: ['collections-agent'] },
];

interface TrafficAccount {
  billingAccountId: string;
  currencies: readonly string[];
  /** Open invoice ids per currency (swap-removed when settled). */
  open: Map<string, string[]>;
  /** Payments with unapplied money per currency. */
  funded: Map<string, string[]>;
  payments: string[];
  disputes: string[];
}

/** mulberry32: small, fast, and the same sequence on every machine for a seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class BillingTraffic {
  readonly sim: BillingSimulator;
  readonly accounts: TrafficAccount[];
  readonly namespace: string;
  private readonly random: () => number;
  private readonly hotShare: number;
  private invoiceCount = 0;
  private paymentCount = 0;
  private drained = 0;

  constructor(options: BillingTrafficOptions) {
    const seed = options.seed ?? 1;
    this.namespace = options.namespace ?? `traffic-${seed}`;
    this.random = prng(seed);
    this.hotShare = options.hotAccountShare ?? 0;
    this.sim = new BillingSimulator(options.startDate ?? '2026-01-05');
    this.accounts = Array.from({ length: options.accounts }, (_, index) => ({
      billingAccountId: deriveId(this.namespace, 'account', index),
      currencies: currencySets[index % currencySets.length] as readonly string[],
      open: new Map(),
      funded: new Map(),
      payments: [],
      disputes: [],
    }));
    for (const account of this.accounts) this.openAccount(account);
  }

  /** Plays steps until at least `count` events are waiting, then hands them over in order. */
  take(count: number): LedgerEvent[] {
    while (this.sim.events.length < count) this.step();
    this.drained += this.sim.events.length;
    return this.sim.events.splice(0, this.sim.events.length);
  }

  /** Events handed out so far. */
  get emitted(): number {
    return this.drained;
  }

  /** The event as the store appends it: UUIDs for ids, the stream it goes to. */
  forStore(event: LedgerEvent): StoreEvent {
    return storeEventOf(event, this.namespace);
  }

  private pick<T>(items: readonly T[]): T | undefined {
    return items.length === 0 ? undefined : items[Math.floor(this.random() * items.length)];
  }

  private account(): TrafficAccount {
    if (this.random() < this.hotShare) return this.accounts[0] as TrafficAccount;
    return this.pick(this.accounts) as TrafficAccount;
  }

  private step(): void {
    const roll = this.random();
    const account = this.account();
    const currency = this.pick(account.currencies) as string;
    this.sim.actor = this.pick(actors) as (typeof actors)[number];
    if (roll < 0.3) this.issue(account, currency);
    else if (roll < 0.5) this.receive(account, currency);
    else if (roll < 0.8) this.allocate(account, currency);
    else if (roll < 0.83) this.reverse(account);
    else if (roll < 0.86) this.refund(account, currency);
    else if (roll < 0.89) this.credit(account, currency);
    else if (roll < 0.91) this.writeOff(account, currency);
    else if (roll < 0.93) this.voidOne(account, currency);
    else if (roll < 0.96) this.dispute(account, currency);
    else this.sim.advanceDays(1);
  }

  private openAccount(account: TrafficAccount): void {
    this.sim.correlationId = deriveId(this.namespace, 'open', account.billingAccountId);
    this.sim.emit(`billingaccount-${account.billingAccountId}`, 'BillingAccountOpened', {
      billingAccountId: account.billingAccountId,
      legalName: `Customer ${account.billingAccountId.slice(0, 8)}`,
      currency: account.currencies[0],
      paymentTermsDays: 30,
      openedAt: `${this.sim.today}T07:00:00.000Z`,
    });
  }

  private amount(currency: string, unitsMax: number): Money {
    const units = 1 + Math.floor(this.random() * unitsMax);
    const scale = new MoneyDecimal(10).pow(Currency.of(currency).minorUnits);
    return Money.fromDecimal(new MoneyDecimal(units).dividedBy(scale), currency);
  }

  private issue(account: TrafficAccount, currency: string): void {
    this.invoiceCount += 1;
    const invoiceId = deriveId(this.namespace, 'invoice', this.invoiceCount);
    const net = this.amount(currency, 500_000);
    const tax = net.multiply(this.pick(taxRates) as string);
    const stream = `invoice-${invoiceId}`;
    this.sim.correlationId = deriveId(this.namespace, 'invoice-flow', invoiceId);
    const drafted = this.sim.emit(stream, 'InvoiceDrafted', {
      invoiceId,
      billingAccountId: account.billingAccountId,
      currency,
      lines: [],
      subtotal: net.amount,
      taxTotal: tax.amount,
      total: net.add(tax).amount,
      draftedAt: `${this.sim.today}T08:00:00.000Z`,
    });
    this.sim.emit(
      stream,
      'InvoiceReviewed',
      {
        invoiceId,
        billingAccountId: account.billingAccountId,
        problems: [],
        ready: true,
        reviewedAt: `${this.sim.today}T08:30:00.000Z`,
      },
      drafted.eventId,
    );
    this.sim.issueInvoice({
      billingAccountId: account.billingAccountId,
      currency,
      subtotal: net.amount,
      taxTotal: tax.amount,
      termsDays: this.pick([0, 14, 30, 30, 60]) as number,
      invoiceId,
      number: `INV-${this.sim.today.slice(0, 4)}-${String(this.invoiceCount).padStart(7, '0')}`,
    });
    this.sim.emit(stream, 'InvoiceSent', {
      invoiceId,
      billingAccountId: account.billingAccountId,
      channel: 'email',
      recipient: 'accounts-payable',
      sentAt: `${this.sim.today}T09:00:00.000Z`,
    });
    listOf(account.open, currency).push(invoiceId);
  }

  private receive(account: TrafficAccount, currency: string): void {
    this.paymentCount += 1;
    const paymentId = deriveId(this.namespace, 'payment', this.paymentCount);
    this.sim.correlationId = deriveId(this.namespace, 'payment-flow', paymentId);
    this.sim.receivePayment({
      billingAccountId: account.billingAccountId,
      currency,
      amount: this.amount(currency, 700_000).amount,
      paymentId,
      externalReference: `BANK-${String(this.paymentCount).padStart(8, '0')}`,
    });
    account.payments.push(paymentId);
    listOf(account.funded, currency).push(paymentId);
  }

  /** Allocates a funded payment over up to three open invoices, sometimes one unit too much. */
  private allocate(account: TrafficAccount, currency: string): void {
    const funded = listOf(account.funded, currency);
    const payment = this.livePayment(funded);
    if (payment === undefined) return;
    const open = this.openInvoices(account, currency);
    if (open.length === 0) return;
    let remaining = payment.unapplied;
    const parts: Array<{ invoiceId: string; amount: string }> = [];
    const targets = new Set<SimInvoice>();
    for (let i = 0; i < 3; i++) targets.add(this.pick(open) as SimInvoice);
    const overApply = this.random() < 0.05;
    for (const invoice of targets) {
      const unit = Money.fromDecimal(
        new MoneyDecimal(10).pow(-Currency.of(currency).minorUnits),
        currency,
      );
      const wanted = overApply ? invoice.open.add(unit) : invoice.open;
      const amount = Money.min(wanted, remaining);
      if (!amount.isPositive()) continue;
      parts.push({ invoiceId: invoice.invoiceId, amount: amount.amount });
      remaining = remaining.subtract(amount);
    }
    if (parts.length === 0) return;
    this.sim.correlationId = deriveId(this.namespace, 'payment-flow', payment.paymentId);
    this.sim.allocate(payment.paymentId, parts, { pending: this.random() < 0.1 });
    if (this.random() < 0.5) this.settleSome(account);
    if (!payment.unapplied.isPositive()) removeFrom(funded, payment.paymentId);
    this.pruneOpen(account, currency);
  }

  private settleSome(account: TrafficAccount): void {
    const paymentId = this.pick(account.payments.slice(-5));
    if (paymentId !== undefined) this.sim.settlePending(paymentId);
  }

  private reverse(account: TrafficAccount): void {
    const paymentId = this.pick(account.payments.slice(-20));
    if (paymentId === undefined) return;
    const payment = this.sim.payment(paymentId);
    if (payment.reversed) return;
    this.sim.correlationId = deriveId(this.namespace, 'reversal', paymentId);
    this.sim.reversePayment(paymentId, 'returned by the bank');
    removeFrom(listOf(account.funded, payment.currency), paymentId);
    // Reversed allocations reopen invoices.
    for (const allocation of payment.allocations) {
      const invoice = this.sim.invoice(allocation.invoiceId);
      const open = listOf(account.open, invoice.currency);
      if (invoice.open.isPositive() && !invoice.voided && !open.includes(invoice.invoiceId))
        open.push(invoice.invoiceId);
    }
  }

  private refund(account: TrafficAccount, currency: string): void {
    const payment = this.livePayment(listOf(account.funded, currency));
    if (payment === undefined) return;
    const amount = payment.unapplied.multiply('0.5');
    if (!amount.isPositive()) return;
    this.sim.correlationId = deriveId(this.namespace, 'payment-flow', payment.paymentId);
    this.sim.refund(payment.paymentId, amount.amount);
  }

  private credit(account: TrafficAccount, currency: string): void {
    const invoice = this.pick(this.openInvoices(account, currency));
    if (invoice === undefined) return;
    const amount = invoice.open.multiply(this.pick(['0.1', '0.25', '1']) as string);
    if (!amount.isPositive()) return;
    this.sim.correlationId = deriveId(this.namespace, 'invoice-flow', invoice.invoiceId);
    this.sim.creditNote(invoice.invoiceId, amount.amount, 'goodwill');
    this.pruneOpen(account, currency);
  }

  private writeOff(account: TrafficAccount, currency: string): void {
    const invoice = this.pick(this.openInvoices(account, currency));
    if (invoice === undefined || invoice.dueDate >= this.sim.today) return;
    this.sim.correlationId = deriveId(this.namespace, 'invoice-flow', invoice.invoiceId);
    this.sim.writeOff(invoice.invoiceId, invoice.open.amount);
    this.pruneOpen(account, currency);
  }

  private voidOne(account: TrafficAccount, currency: string): void {
    const invoice = this.pick(this.openInvoices(account, currency));
    if (invoice === undefined || !invoice.open.equals(invoice.total)) return;
    if (this.hasPendingAllocation(account, invoice.invoiceId)) return;
    this.sim.correlationId = deriveId(this.namespace, 'invoice-flow', invoice.invoiceId);
    this.sim.voidInvoice(invoice.invoiceId);
    this.pruneOpen(account, currency);
  }

  private dispute(account: TrafficAccount, currency: string): void {
    const waiting = account.disputes.find((id) => this.sim.disputes.get(id)?.open === true);
    if (waiting !== undefined && this.random() < 0.6) {
      const outcome = this.pick(['accepted', 'rejected', 'withdrawn'] as const) as
        'accepted' | 'rejected' | 'withdrawn';
      this.sim.correlationId = deriveId(this.namespace, 'dispute', waiting);
      this.sim.resolveDispute(waiting, outcome);
      this.pruneOpen(account, currency);
      return;
    }
    const invoice = this.pick(this.openInvoices(account, currency));
    if (invoice === undefined) return;
    const amount = invoice.open.multiply('0.3');
    if (!amount.isPositive()) return;
    this.sim.correlationId = deriveId(this.namespace, 'invoice-flow', invoice.invoiceId);
    account.disputes.push(this.sim.openDispute(invoice.invoiceId, amount.amount));
  }

  private livePayment(funded: string[]): SimPayment | undefined {
    for (let tries = 0; tries < 3 && funded.length > 0; tries++) {
      const paymentId = this.pick(funded) as string;
      const payment = this.sim.payment(paymentId);
      if (!payment.reversed && payment.unapplied.isPositive()) return payment;
      removeFrom(funded, paymentId);
    }
    return undefined;
  }

  private openInvoices(account: TrafficAccount, currency: string): SimInvoice[] {
    this.pruneOpen(account, currency);
    // The newest few: steps stay O(1) whatever the account's history.
    return listOf(account.open, currency)
      .slice(-8)
      .map((id) => this.sim.invoice(id));
  }

  private pruneOpen(account: TrafficAccount, currency: string): void {
    const open = listOf(account.open, currency);
    for (let i = open.length - 1; i >= Math.max(0, open.length - 12); i--) {
      const invoice = this.sim.invoice(open[i] as string);
      if (invoice.voided || !invoice.open.isPositive()) open.splice(i, 1);
    }
  }

  private hasPendingAllocation(account: TrafficAccount, invoiceId: string): boolean {
    return account.payments
      .slice(-20)
      .some((id) =>
        this.sim
          .payment(id)
          .allocations.some((a) => a.awaitingInvoicing && a.invoiceId === invoiceId),
      );
  }

  /** Lets invoicing answer every allocation still waiting (the end of a run). */
  settleAll(): LedgerEvent[] {
    for (const account of this.accounts)
      for (const paymentId of account.payments) this.sim.settlePending(paymentId);
    this.drained += this.sim.events.length;
    return this.sim.events.splice(0, this.sim.events.length);
  }

  /** The day the traffic has reached (business date). */
  get today(): string {
    return this.sim.today;
  }

  /** A date some days after the traffic's current day. */
  daysAhead(days: number): string {
    return addDays(this.sim.today, days);
  }
}

/**
 * A simulated event as the event store takes it: the simulator's ids (`evt-000123`) become UUIDs
 * derived from `namespace` (causation ids likewise), and the service is the stream category's
 * owner, as the store requires.
 */
export function storeEventOf(event: LedgerEvent, namespace: string): StoreEvent {
  const uuidOf = (simEventId: string) => deriveId(namespace, 'event', simEventId);
  const causationId = event.metadata.causationId;
  return {
    streamId: event.streamId,
    eventId: uuidOf(event.eventId),
    type: event.type,
    schemaVersion: 1,
    data: event.data,
    metadata: {
      ...event.metadata,
      causationId: causationId === null ? null : uuidOf(causationId),
      service: serviceOf(event.streamId),
    },
    occurredAt: event.occurredAt,
  };
}

/** An event as the store takes it, with the stream it goes to. */
export interface StoreEvent {
  streamId: string;
  eventId: string;
  type: string;
  schemaVersion: number;
  data: unknown;
  metadata: LedgerEvent['metadata'];
  occurredAt: string;
}

/** The service that owns each stream category (the store lets only it append there). */
const categoryOwners: Record<string, string> = {
  billingaccount: 'invoicing',
  invoice: 'invoicing',
  payment: 'payments',
  writeoff: 'collections',
  dispute: 'disputes',
};

function serviceOf(streamId: string): string {
  const category = streamId.slice(0, streamId.indexOf('-'));
  const service = categoryOwners[category];
  if (service === undefined) throw new Error(`No owning service for stream ${streamId}`);
  return service;
}

function listOf<T>(map: Map<string, T[]>, key: string): T[] {
  let list = map.get(key);
  if (list === undefined) {
    list = [];
    map.set(key, list);
  }
  return list;
}

function removeFrom(list: string[], id: string): void {
  const at = list.indexOf(id);
  if (at >= 0) list.splice(at, 1);
}
