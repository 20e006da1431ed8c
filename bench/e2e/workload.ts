import { invoiceStream, paymentStream } from '@billing/contracts';
import type { StackClient } from './client';

/** The mix of issue 18, in percent; "queries" reads an invoice or an account's payments. */
const mix = [
  ['open', 1],
  ['draftIssue', 30],
  ['payment', 30],
  ['creditNote', 5],
  ['dispute', 2],
  ['query', 32],
] as const;
export type Operation = (typeof mix)[number][0];

export function pickOperation(random: number): Operation {
  let threshold = 0;
  for (const [operation, percent] of mix) {
    threshold += percent / 100;
    if (random < threshold) return operation;
  }
  return 'query';
}

/** A command whose effect another service shows: followed hop by hop afterwards. */
export interface Traced {
  operation: Operation;
  scheduledAt: number;
  httpDoneAt: number;
  /** The stream and event type whose commit, relay and consumption mark the hops. */
  streamId: string;
  eventType: string;
  consumerGroupLike: string;
  visibleAt?: number;
}

export interface Outcome {
  statuses: number[];
  traced?: Traced;
  /** Resolves when the effect is visible in the other service (sampled commands only). */
  visible?: Promise<void>;
}

interface OpenInvoice {
  invoiceId: string;
  accountId: string;
  /** Minor units left to pay, as this driver tracks them (100.00 at issue). */
  openCents: number;
  readyAt: number;
}

const invoiceCents = 10_000;
const paymentCents = 1_000;
const creditCents = 100;
/** Payments learn of an invoice over Kafka; the driver pays only invoices this old. */
const readyDelayMs = 5_000;

const accountBody = (n: number) => ({
  legalName: `Bench Customer ${n} Ltd.`,
  billingContactName: 'Pat Bench',
  email: `ap${n}@bench.example`,
  address: {
    line1: '1 Bench St',
    city: 'Springfield',
    postalCode: '62701',
    region: 'IL',
    country: 'US',
  },
  country: 'US',
  taxId: '12-3456789',
  currency: 'USD',
  paymentTermsDays: 30,
  purchaseOrderRequired: false,
});

const money = (cents: number) =>
  `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;

export class Workload {
  readonly accounts: string[] = [];
  private readonly invoices: OpenInvoice[] = [];
  private opened = 0;

  constructor(
    readonly client: StackClient,
    private readonly options: { visibleSample: number; visibleTimeoutMs: number },
  ) {}

  private randomAccount(): string {
    return this.accounts[Math.floor(Math.random() * this.accounts.length)]!;
  }

  /** A random invoice old enough for payments to know it, or none. */
  private readyInvoice(now: number): OpenInvoice | undefined {
    for (let attempt = 0; attempt < 8 && this.invoices.length > 0; attempt++) {
      const index = Math.floor(Math.random() * this.invoices.length);
      const invoice = this.invoices[index]!;
      if (invoice.readyAt <= now) return invoice;
    }
    return undefined;
  }

  private retire(invoice: OpenInvoice): void {
    const index = this.invoices.indexOf(invoice);
    if (index >= 0) this.invoices.splice(index, 1);
  }

  async openAccount(): Promise<{ statuses: number[]; accountId?: string }> {
    const opened = await this.client.post(
      'invoicing',
      '/billing-accounts',
      accountBody(this.opened++),
    );
    const accountId = opened.body['billingAccountId'] as string | undefined;
    if (opened.status !== 201 || !accountId) return { statuses: [opened.status] };
    const verified = await this.client.post(
      'invoicing',
      `/billing-accounts/${accountId}/verification`,
      {},
    );
    if (verified.status < 300) this.accounts.push(accountId);
    return { statuses: [opened.status, verified.status], accountId };
  }

  async run(operation: Operation, scheduledAt: number): Promise<Outcome> {
    const sampled = Math.random() < this.options.visibleSample;
    switch (operation) {
      case 'open':
        return { statuses: (await this.openAccount()).statuses };
      case 'draftIssue':
        return this.draftIssue(scheduledAt, sampled);
      case 'payment':
        return this.payment(scheduledAt, sampled);
      case 'creditNote':
        return this.creditNote();
      case 'dispute':
        return this.dispute();
      case 'query':
        return this.query();
    }
  }

  async draftIssue(scheduledAt: number, sampled: boolean): Promise<Outcome> {
    const accountId = this.randomAccount();
    const draft = await this.client.post('invoicing', '/invoices', {
      billingAccountId: accountId,
      currency: 'USD',
      lines: [
        {
          description: 'Bench service',
          quantity: '1',
          unitPrice: money(invoiceCents),
          taxRate: '0',
        },
      ],
    });
    const invoiceId = draft.body['invoiceId'] as string | undefined;
    if (draft.status !== 201 || !invoiceId) return { statuses: [draft.status] };
    const issued = await this.client.post('invoicing', `/invoices/${invoiceId}/issue`, {});
    const statuses = [draft.status, issued.status];
    if (issued.status !== 200) return { statuses };
    const httpDoneAt = Date.now();
    this.invoices.push({
      invoiceId,
      accountId,
      openCents: invoiceCents,
      readyAt: httpDoneAt + readyDelayMs,
    });
    if (!sampled) return { statuses };
    const traced: Traced = {
      operation: 'draftIssue',
      scheduledAt,
      httpDoneAt,
      streamId: invoiceStream(invoiceId),
      eventType: 'InvoiceIssued',
      consumerGroupLike: '%disputes%',
    };
    // Visible: disputes (another process, over Kafka) knows the invoice.
    const visible = this.until(
      traced,
      async () => (await this.client.get('disputes', `/invoices/${invoiceId}`)).status === 200,
    );
    return { statuses, traced, visible };
  }

  async payment(scheduledAt: number, sampled: boolean): Promise<Outcome> {
    const invoice = this.readyInvoice(Date.now());
    if (!invoice) return this.query();
    invoice.openCents -= paymentCents;
    if (invoice.openCents < paymentCents + creditCents) this.retire(invoice);
    const expectedOpen = invoice.openCents;
    const paid = await this.client.post('payments', '/payments', {
      billingAccountId: invoice.accountId,
      amount: money(paymentCents),
      currency: 'USD',
      method: 'bank_transfer',
      externalReference: `BENCH-${scheduledAt}`,
      receivedDate: new Date().toISOString().slice(0, 10),
      remittance: [{ invoiceId: invoice.invoiceId, amount: money(paymentCents) }],
    });
    const paymentId = paid.body['paymentId'] as string | undefined;
    if (paid.status !== 201 || !paymentId || !sampled) return { statuses: [paid.status] };
    const traced: Traced = {
      operation: 'payment',
      scheduledAt,
      httpDoneAt: Date.now(),
      streamId: paymentStream(paymentId),
      eventType: 'PaymentReceived',
      consumerGroupLike: '%invoicing%',
    };
    // Visible: invoicing shows the invoice paid down (at most what this driver expects open).
    const visible = this.until(traced, async () => {
      const answer = await this.client.get('invoicing', `/invoices/${invoice.invoiceId}`);
      const open = answer.body['amountOpen'];
      return typeof open === 'string' && Math.round(Number(open) * 100) <= expectedOpen;
    });
    return { statuses: [paid.status], traced, visible };
  }

  async creditNote(): Promise<Outcome> {
    const invoice = this.readyInvoice(Date.now());
    if (!invoice) return this.query();
    invoice.openCents -= creditCents;
    const answer = await this.client.post(
      'invoicing',
      `/invoices/${invoice.invoiceId}/credit-notes`,
      { scope: 'amount', amount: money(creditCents), reason: 'goodwill' },
      'billing-manager',
    );
    return { statuses: [answer.status] };
  }

  async dispute(): Promise<Outcome> {
    const invoice = this.readyInvoice(Date.now());
    if (!invoice) return this.query();
    this.retire(invoice); // a held invoice is left alone by the rest of the mix
    const answer = await this.client.post('disputes', '/disputes', {
      invoiceId: invoice.invoiceId,
      scope: 'amount',
      amount: money(500),
      reasonCategory: 'pricing_error',
      customerStatement: 'Charged more than quoted.',
    });
    return { statuses: [answer.status] };
  }

  async query(): Promise<Outcome> {
    const invoice = this.invoices[Math.floor(Math.random() * this.invoices.length)];
    const answer =
      invoice && Math.random() < 0.5
        ? await this.client.get('invoicing', `/invoices/${invoice.invoiceId}`)
        : await this.client.get('payments', `/billing-accounts/${this.randomAccount()}/payments`);
    return { statuses: [answer.status] };
  }

  /** Polls until `seen` or the timeout; records when the effect became visible. */
  private async until(traced: Traced, seen: () => Promise<boolean>): Promise<void> {
    const deadline = traced.scheduledAt + this.options.visibleTimeoutMs;
    while (Date.now() < deadline) {
      if (await seen()) {
        traced.visibleAt = Date.now();
        return;
      }
      await new Promise((r) => setTimeout(r, 25));
    }
  }
}
