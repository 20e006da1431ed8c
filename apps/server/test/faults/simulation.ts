import { contextTopic } from '@billing/messaging';
import { START, type Checkpoint } from '@billing/event-store';
import { StoreInvariants } from './sim-invariants';
import { SimWorld, type HttpAnswer, type SimWorldOptions } from './sim-world';

export interface SimulationSummary {
  seed: number;
  steps: number;
  commandsAcknowledged: number;
  /** Honest 4xx answers, e.g. a payment for an account payments has not learnt yet. */
  commandsRefused: number;
  eventsStored: number;
  faults: number;
}

interface SentCommand {
  path: string;
  body: object;
  key: string;
  answer: HttpAnswer;
}

const defaultFaults: Omit<SimWorldOptions, 'seed'> = {
  publishFaults: { ok: 10, refused: 1, ackLost: 1, duplicated: 1, delayed: 1 },
  crashes: {
    'relay.after-publish': 0.08,
    'consumer.after-effect': 0.08,
    'consumer.after-commit': 0.08,
  },
};

/**
 * One seeded run: a client sends invoices and payments over HTTP while the PRNG interleaves
 * deliveries, broker misbehaviour and crashes at the named fault points; the invariants are
 * checked after every step, then once more after the faults stop and everything drains. Throws
 * with the seed, the step and the last things that happened on the first broken invariant.
 */
export async function runSimulation(seed: number, steps = 150): Promise<SimulationSummary> {
  const world = await SimWorld.start({ seed, ...defaultFaults });
  const client = new SimClient(world);
  try {
    await client.openAccounts(3);
    for (let step = 1; step <= steps; step++) {
      world.trace.step = step;
      await client.step();
      await client.checkInvariants();
    }
    world.trace.step = steps + 1;
    await client.drain();
    await client.checkAfterDrain();
    return {
      seed,
      steps,
      commandsAcknowledged: client.acknowledged.length,
      commandsRefused: client.refused,
      eventsStored: client.invariants.events.length,
      faults: client.faultCount(),
    };
  } catch (error) {
    const message = (error as Error).message;
    throw new Error(
      `Fault simulation failed with seed ${seed} at step ${world.trace.step}: ${message}\n` +
        `Replay: FAULT_SEED=${seed} npx jest apps/server/test/faults\n` +
        `Last steps:\n${world.trace.tail()}`,
    );
  } finally {
    await world.close();
  }
}

class SimClient {
  readonly invariants = new StoreInvariants();
  readonly acknowledged: SentCommand[] = [];
  private readonly accounts: string[] = [];
  private readonly invoices: string[] = [];
  private readonly payments: string[] = [];
  private checkpoint: Checkpoint = START;
  private counter = 0;
  refused = 0;

  constructor(private readonly world: SimWorld) {}

  faultCount(): number {
    return this.world.trace.faultCount;
  }

  async openAccounts(count: number): Promise<void> {
    for (let i = 0; i < count; i++) {
      const opened = await this.send('/invoicing/billing-accounts', {
        legalName: `Sim ${i} Ltd.`,
        billingContactName: `Sim ${i} Accounts`,
        email: `ap${i}@sim.example`,
        address: {
          line1: '1 Main St',
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
      const id = this.expectOk(opened, 201)['billingAccountId'] as string;
      this.expectOk(await this.send(`/invoicing/billing-accounts/${id}/verification`, {}), 200);
      this.accounts.push(id);
    }
  }

  async step(): Promise<void> {
    const { prng } = this.world;
    const action = prng.weighted({
      issue: 3,
      pay: 3,
      retry: 1,
      deliver: 10,
      release: 1,
      relays: 2,
    });
    switch (action) {
      case 'issue':
        return this.issueInvoice();
      case 'pay':
        return this.recordPayment();
      case 'retry':
        return this.retryEarlier();
      case 'deliver':
        for (let i = 1 + prng.below(4); i > 0; i--) await this.world.kafka.deliverOne();
        return;
      case 'release':
        this.world.kafka.releaseHeld();
        return;
      case 'relays':
        // Time passes: relays woken by appends publish, crashed ones come back (a supervisor).
        await new Promise((resolve) => setTimeout(resolve, 5));
        await this.world.restartFailedRelays();
        return;
    }
  }

  private async issueInvoice(): Promise<void> {
    const account = this.world.prng.pick(this.accounts);
    const drafted = this.accepted(
      await this.send('/invoicing/invoices', {
        billingAccountId: account,
        currency: 'USD',
        lines: [{ description: 'Service', quantity: '1', unitPrice: this.amount(), taxRate: '0' }],
      }),
      201,
    );
    if (!drafted) return;
    const invoiceId = drafted['invoiceId'] as string;
    if (this.accepted(await this.send(`/invoicing/invoices/${invoiceId}/issue`, {}), 200))
      this.invoices.push(invoiceId);
  }

  private async recordPayment(): Promise<void> {
    const paid = this.accepted(
      await this.send('/payments/payments', {
        billingAccountId: this.world.prng.pick(this.accounts),
        amount: this.amount(),
        currency: 'USD',
        method: 'bank_transfer',
        externalReference: `SIM-${this.world.prng.seed}-${++this.counter}`,
        receivedDate: '2026-03-02',
      }),
      201,
    );
    // Refused (e.g. payments has not learnt the new account yet): the client would retry later.
    if (paid) this.payments.push(paid['paymentId'] as string);
  }

  /** A client that did not see the answer sends the same request again: same answer, no new effect. */
  private async retryEarlier(): Promise<void> {
    if (this.acknowledged.length === 0) return;
    const earlier = this.world.prng.pick(this.acknowledged);
    const before = this.invariants.events.length + (await this.newEvents()).length;
    const again = await this.send(earlier.path, earlier.body, earlier.key, false);
    if (again.status !== earlier.answer.status)
      throw new Error(
        `retry of ${earlier.path} answered ${again.status}, first ${earlier.answer.status}`,
      );
    const after = this.invariants.events.length + (await this.newEvents()).length;
    if (after !== before)
      throw new Error(`retry of ${earlier.path} appended ${after - before} events`);
  }

  private amount(): string {
    const { prng } = this.world;
    return `${10 + prng.below(490)}.${String(prng.below(100)).padStart(2, '0')}`;
  }

  private async send(path: string, body: object, key?: string, record = true): Promise<HttpAnswer> {
    const usedKey = key ?? `sim-${this.world.prng.seed}-${this.world.trace.step}-${++this.counter}`;
    const answer = await this.world.post(path, body, usedKey);
    this.world.trace.add(`client POST ${path} -> ${answer.status}`);
    if (record && answer.status < 300) this.acknowledged.push({ path, body, key: usedKey, answer });
    return answer;
  }

  /**
   * The answer's body when it is `status`; undefined for a refusal (4xx), which is an honest
   * answer a client handles. A 5xx, or another success than expected, is a bug.
   */
  private accepted(answer: HttpAnswer, status: number): Record<string, unknown> | undefined {
    if (answer.status >= 400 && answer.status < 500) {
      this.refused += 1;
      return undefined;
    }
    return this.expectOk(answer, status);
  }

  private expectOk(answer: HttpAnswer, status: number): Record<string, unknown> {
    if (answer.status !== status)
      throw new Error(`command answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    return answer.body;
  }

  private async newEvents() {
    const fresh = [];
    for await (const { event } of this.world.store.readAll({
      after: this.checkpoint,
      maxCount: 10_000,
    })) {
      fresh.push(event);
    }
    return fresh;
  }

  async checkInvariants(): Promise<void> {
    const fresh = await this.newEvents();
    const last = fresh[fresh.length - 1];
    if (last) this.checkpoint = String(last.globalPosition);
    this.invariants.check(fresh);
  }

  /** Faults off; held publishes released, relays restarted, every group read to the end. */
  async drain(): Promise<void> {
    const { kafka } = this.world;
    kafka.faultsOn = false;
    for (let round = 0; round < 200; round++) {
      kafka.releaseHeld();
      await this.world.restartFailedRelays();
      const published = await this.world.relaysCaughtUp();
      while (await kafka.deliverOne()) await this.checkInvariants();
      await this.checkInvariants();
      const fresh = await this.newEvents();
      if (published && fresh.length === 0 && !kafka.hasBacklog() && kafka.heldCount() === 0) {
        // Once more after the relays confirm nothing new: the last deliveries may have appended.
        if (await this.world.relaysCaughtUp()) {
          if (!kafka.hasBacklog() && (await this.newEvents()).length === 0) return;
        }
      }
    }
    throw new Error('the system did not drain within 200 rounds after the faults stopped');
  }

  async checkAfterDrain(): Promise<void> {
    this.invariants.checkEveryAllocationAnswered();
    const { kafka } = this.world;
    // Event ids in the store = on Kafka, per relay.
    const published = {
      invoicing: ['billingaccount', 'invoice', 'invoiceseries', 'creditnoteseries'],
      payments: ['payment', 'paymentreference'],
    };
    for (const [context, categories] of Object.entries(published)) {
      const onTopic = kafka.idsOn(contextTopic(context as 'invoicing'));
      for (const event of this.invariants.events) {
        if (categories.includes(event.streamId.split('-')[0]!) && !onTopic.has(event.eventId))
          throw new Error(
            `${event.type} ${event.eventId} is in the store but never reached ${context}'s topic`,
          );
      }
    }
    // = applied by each consumer.
    for (const name of kafka.groupNames()) {
      const { handled, offered } = kafka.groupCoverage(name);
      for (const id of offered)
        if (!handled.has(id)) throw new Error(`${name} never handled ${id}`);
    }
    for (const answer of this.acknowledged) {
      const id = (answer.answer.body['invoiceId'] ?? answer.answer.body['paymentId']) as
        string | undefined;
      if (id && !this.invariants.events.some((e) => e.streamId.endsWith(id)))
        throw new Error(`acknowledged ${answer.path} (${id}) has no event in the store (lost)`);
    }
    await this.checkReadModelsAgree();
  }

  /** Payments' open invoices, built from invoicing's topic, equal invoicing's own invoices. */
  private async checkReadModelsAgree(): Promise<void> {
    for (const account of this.accounts) {
      const view = await this.world.get(`/payments/billing-accounts/${account}/payments`);
      const paymentsSays = new Map(
        ((view.body['openInvoices'] ?? []) as Array<{ invoiceId: string; amountOpen: string }>).map(
          (i) => [i.invoiceId, i.amountOpen],
        ),
      );
      for (const invoiceId of this.invoices) {
        const invoice = await this.world.get(`/invoicing/invoices/${invoiceId}`);
        if (invoice.body['billingAccountId'] !== account) continue;
        const open = invoice.body['amountOpen'] as string;
        const expected = Number(open) > 0 ? open : undefined;
        if (paymentsSays.get(invoiceId) !== expected)
          throw new Error(
            `invoice ${invoiceId}: invoicing says ${open} open, payments' read model says ${paymentsSays.get(invoiceId) ?? 'nothing'}`,
          );
      }
    }
  }
}
