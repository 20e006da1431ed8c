import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import type { Prng } from '../prng';
import { sleep } from './broker';

/** One line of the client history (Jepsen-style): what was asked and what came back. */
export interface HistoryEntry {
  at: number;
  commandId: string;
  kind: 'open-account' | 'issue-invoice' | 'record-payment' | 'draft-invoice';
  type: 'invoke' | 'ok' | 'fail' | 'unknown';
  status?: number;
  detail?: string;
}

export interface Command {
  id: string;
  kind: HistoryEntry['kind'];
  service: keyof ClientTargets;
  path: string;
  body: object;
  /** Where the command's effect is to be found afterwards: a unique marker in its body. */
  marker: string;
  outcome: 'pending' | 'ok' | 'fail' | 'unknown';
  answer?: Record<string, unknown>;
  /** What the last attempt got (status and problem code, or the error's name): why it is open. */
  lastAttempt?: string;
}

export interface ClientTargets {
  invoicing: string[];
  payments: string[];
}

const requestTimeoutMs = 10_000;
/** Commands resolveUnknown retries at once (the load itself runs 4 workers). */
const resolveConcurrency = 8;

/**
 * The fault suite's client: sends commands with an Idempotency-Key (its command id), writes every
 * invoke and outcome to the history file, and retries an unknown outcome (timeout, reset, 5xx)
 * with the same key until it gets a definite answer, as a careful client would.
 */
export class LoadClient {
  readonly commands: Command[] = [];
  private readonly accounts: string[] = [];
  private readonly invoiceDrafts: string[] = [];

  constructor(
    private readonly targets: ClientTargets,
    private readonly token: string,
    private readonly historyFile: string,
    private readonly prng: Prng,
  ) {}

  async openAccounts(count: number): Promise<void> {
    for (let i = 0; i < count; i++) {
      const id = randomUUID();
      const command = this.command(
        'open-account',
        'invoicing',
        '/invoicing/billing-accounts',
        {
          legalName: `Faults ${id.slice(0, 8)} Ltd.`,
          billingContactName: 'Faults Accounts',
          email: `ap-${id.slice(0, 8)}@faults.example`,
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
        },
        id,
        `Faults ${id.slice(0, 8)} Ltd.`,
      );
      await this.untilDefinite(command, 120_000);
      const accountId = command.answer?.['billingAccountId'] as string | undefined;
      if (!accountId) throw new Error(`account not opened: ${JSON.stringify(command.answer)}`);
      const verify = this.command(
        'open-account',
        'invoicing',
        `/invoicing/billing-accounts/${accountId}/verification`,
        {},
        randomUUID(),
        `verify ${accountId}`,
      );
      await this.untilDefinite(verify, 120_000);
      this.accounts.push(accountId);
    }
  }

  /**
   * `count` commands from `concurrency` workers: drafts and issues of invoices and payments on the
   * accounts, each to a random instance of its service.
   */
  async run(
    count: number,
    concurrency: number,
    onProgress?: (sent: number) => void,
  ): Promise<void> {
    let sent = 0;
    const worker = async () => {
      while (sent < count) {
        sent += 1;
        onProgress?.(sent);
        await this.one();
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
  }

  /** Workers send commands, each pausing `pauseMs` between two, until `stop()` returns true. */
  async runUntil(stop: () => boolean, concurrency: number, pauseMs: number): Promise<void> {
    const worker = async () => {
      while (!stop()) {
        await this.one();
        await sleep(pauseMs);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
  }

  /**
   * One Idempotency-Key sent `count` times at once, all with one body but one: every copy must
   * answer the same (or "in flight, retry"), the changed one must be refused, one effect in all.
   */
  async sameKeyStorm(count: number): Promise<{
    command: Command;
    answers: Map<number, number>;
    changedStatus: number;
    /** Why the changed copy got no answer at all (status 0), if it did not. */
    changedError: string;
  }> {
    const account = this.prng.pick(this.accounts);
    await this.untilPaymentsKnows(account);
    const id = randomUUID();
    const reference = `F-${id}`;
    const body = {
      billingAccountId: account,
      amount: this.amount(),
      currency: 'USD',
      method: 'bank_transfer',
      externalReference: reference,
      receivedDate: new Date().toISOString().slice(0, 10),
    };
    const command = this.command(
      'record-payment',
      'payments',
      '/payments/payments',
      body,
      id,
      reference,
    );
    const answers = new Map<number, number>();
    const changedIndex = this.prng.below(count);
    let changedStatus = 0;
    // The changed copy goes once the key is the command's (its first answer is in); before, it
    // could win the race, and then every faithful copy was rightly refused as a different request.
    let keyTaken: () => void = () => undefined;
    const taken = new Promise<void>((resolve) => (keyTaken = resolve));
    let faithfulDone = 0;
    let changedError = '';
    await Promise.all(
      Array.from({ length: count }, async (_, i) => {
        const copy = i === changedIndex ? { ...body, amount: '1.00' } : body;
        if (i === changedIndex) await taken;
        const res = await fetch(this.urlOf(command), {
          method: 'POST',
          headers: {
            authorization: `Bearer ${this.token}`,
            'content-type': 'application/json',
            'idempotency-key': id,
          },
          body: JSON.stringify(copy),
          signal: AbortSignal.timeout(60_000),
        }).catch((error: Error) => {
          if (i === changedIndex) changedError = `${error.message} ${String(error.cause ?? '')}`;
          return undefined;
        });
        const status = res?.status ?? 0;
        await res?.arrayBuffer().catch(() => undefined);
        if (i !== changedIndex) faithfulDone += 1;
        // Never left waiting: also once every faithful copy is answered, whatever they said.
        if (status === 201 || status === 409 || faithfulDone === count - 1) keyTaken();
        if (i === changedIndex) changedStatus = status;
        else answers.set(status, (answers.get(status) ?? 0) + 1);
      }),
    );
    await this.untilDefinite(command, 60_000);
    return { command, answers, changedStatus, changedError };
  }

  /**
   * `writers` invoices of one account drafted, then all issued at once: every issue appends to the
   * one numbering series of the month (a hot stream). Returns the first answer of each issue
   * (status 0: none within a minute); unknown outcomes are then retried until definite.
   */
  async hotStream(writers: number): Promise<{ issues: Command[]; firstAnswers: number[] }> {
    const account = this.prng.pick(this.accounts);
    const drafts: string[] = [];
    const draftOne = async () => {
      while (drafts.length < writers) {
        const id = randomUUID();
        const draft = this.command(
          'draft-invoice',
          'invoicing',
          '/invoicing/invoices',
          {
            billingAccountId: account,
            currency: 'USD',
            lines: [
              { description: `cmd ${id}`, quantity: '1', unitPrice: this.amount(), taxRate: '0' },
            ],
          },
          id,
          `cmd ${id}`,
        );
        await this.untilDefinite(draft, 60_000);
        const invoiceId = draft.answer?.['invoiceId'];
        if (typeof invoiceId !== 'string') throw new Error(`draft refused: ${draft.outcome}`);
        drafts.push(invoiceId);
      }
    };
    await Promise.all(Array.from({ length: 4 }, draftOne));
    const issues = drafts
      .slice(0, writers)
      .map((invoiceId) =>
        this.command(
          'issue-invoice',
          'invoicing',
          `/invoicing/invoices/${invoiceId}/issue`,
          {},
          randomUUID(),
          invoiceId,
        ),
      );
    const firstAnswers = await Promise.all(issues.map((c) => this.send(c, 60_000)));
    const open = issues.filter((c) => c.outcome === 'unknown');
    await Promise.all(open.map((c) => this.untilDefinite(c, 60_000)));
    return { issues, firstAnswers };
  }

  /**
   * Sends every unknown command again with its key until each has a definite answer, at most
   * `resolveConcurrency` at a time: hundreds of retries at once only made a slow service slower
   * (each timed-out request still runs there), and the whole backlog timed out together.
   */
  async resolveUnknown(timeoutMs: number): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    const queue = this.commands.filter((c) => c.outcome === 'unknown');
    const worker = async () => {
      for (let c = queue.shift(); c && Date.now() < deadline; c = queue.shift())
        await this.untilDefinite(c, deadline - Date.now());
    };
    await Promise.all(Array.from({ length: resolveConcurrency }, worker));
    return this.commands.filter((c) => c.outcome === 'unknown').length;
  }

  /**
   * A worker's command: sent, and when the outcome is unknown, sent again with its key a few
   * times (1, 2, 4 s apart) before the worker moves on, as a careful client does instead of
   * piling new commands on a service that answers none (the rest waits for resolveUnknown).
   */
  private async persist(command: Command): Promise<void> {
    await this.send(command);
    for (let pauseMs = 1_000; command.outcome === 'unknown' && pauseMs <= 4_000; pauseMs *= 2) {
      await sleep(pauseMs);
      await this.send(command);
    }
  }

  private async one(): Promise<void> {
    const account = this.prng.pick(this.accounts);
    const roll = this.prng.next();
    if (roll < 0.35 || this.invoiceDrafts.length === 0) {
      const id = randomUUID();
      const command = this.command(
        'draft-invoice',
        'invoicing',
        '/invoicing/invoices',
        {
          billingAccountId: account,
          currency: 'USD',
          lines: [
            { description: `cmd ${id}`, quantity: '1', unitPrice: this.amount(), taxRate: '0' },
          ],
        },
        id,
        `cmd ${id}`,
      );
      await this.persist(command);
      const invoiceId = command.answer?.['invoiceId'] as string | undefined;
      if (invoiceId) this.invoiceDrafts.push(invoiceId);
    } else if (roll < 0.6) {
      const invoiceId = this.invoiceDrafts.splice(
        this.prng.below(this.invoiceDrafts.length),
        1,
      )[0]!;
      await this.persist(
        this.command(
          'issue-invoice',
          'invoicing',
          `/invoicing/invoices/${invoiceId}/issue`,
          {},
          randomUUID(),
          invoiceId,
        ),
      );
    } else {
      const id = randomUUID();
      const reference = `F-${id}`;
      await this.persist(
        this.command(
          'record-payment',
          'payments',
          '/payments/payments',
          {
            billingAccountId: account,
            amount: this.amount(),
            currency: 'USD',
            method: 'bank_transfer',
            externalReference: reference,
            receivedDate: new Date().toISOString().slice(0, 10),
          },
          id,
          reference,
        ),
      );
    }
  }

  private amount(): string {
    return `${10 + this.prng.below(490)}.${String(this.prng.below(100)).padStart(2, '0')}`;
  }

  private command(
    kind: Command['kind'],
    service: keyof ClientTargets,
    path: string,
    body: object,
    id: string,
    marker: string,
  ): Command {
    const command: Command = { id, kind, service, path, body, marker, outcome: 'pending' };
    this.commands.push(command);
    return command;
  }

  /**
   * Payments learns a new account from invoicing's topic: until then a payment for it is refused
   * (422), and that refusal, not the storm, would be what every copy of the key replays.
   */
  private async untilPaymentsKnows(account: string): Promise<void> {
    const deadline = Date.now() + 120_000;
    while (Date.now() < deadline) {
      const id = randomUUID();
      const probe = this.command(
        'record-payment',
        'payments',
        '/payments/payments',
        {
          billingAccountId: account,
          amount: '1.00',
          currency: 'USD',
          method: 'bank_transfer',
          externalReference: `F-${id}`,
          receivedDate: new Date().toISOString().slice(0, 10),
        },
        id,
        `F-${id}`,
      );
      await this.untilDefinite(probe, 60_000);
      if (probe.outcome === 'ok') return;
      await sleep(1_000);
    }
    throw new Error(`payments did not learn account ${account} within 120 s`);
  }

  private urlOf(command: Command): string {
    return `${this.prng.pick(this.targets[command.service])}${command.path}`;
  }

  private async untilDefinite(command: Command, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    await this.send(command);
    while (command.outcome === 'unknown' && Date.now() < deadline) {
      await sleep(1_000);
      await this.send(command);
    }
  }

  /** One attempt; returns the HTTP status, 0 when no answer came (timeout, reset, refused). */
  private async send(command: Command, timeoutMs = requestTimeoutMs): Promise<number> {
    this.record({ commandId: command.id, kind: command.kind, type: 'invoke' });
    try {
      // Each attempt to any instance of the service, as behind a load balancer: a retry does not
      // wait for the instance that failed to come back.
      const res = await fetch(this.urlOf(command), {
        method: 'POST',
        headers: {
          authorization: `Bearer ${this.token}`,
          'content-type': 'application/json',
          'idempotency-key': command.id,
        },
        body: JSON.stringify(command.body),
        signal: AbortSignal.timeout(timeoutMs),
      });
      const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
      // 409 in-flight and every 5xx leave the outcome open: the client asks again later.
      const definite = res.status < 500 && res.status !== 409 && res.status !== 429;
      command.outcome = !definite ? 'unknown' : res.status < 300 ? 'ok' : 'fail';
      if (command.outcome === 'ok') command.answer = body;
      command.lastAttempt = `${res.status} ${String(body['code'] ?? body['type'] ?? '')}`;
      this.record({
        commandId: command.id,
        kind: command.kind,
        type: command.outcome,
        status: res.status,
        ...(command.outcome === 'ok'
          ? {}
          : { detail: String(body['code'] ?? body['title'] ?? '') }),
      });
      return res.status;
    } catch (error) {
      command.outcome = 'unknown';
      command.lastAttempt = (error as Error).name;
      this.record({
        commandId: command.id,
        kind: command.kind,
        type: 'unknown',
        detail: (error as Error).name,
      });
      return 0;
    }
  }

  private record(entry: Omit<HistoryEntry, 'at'>): void {
    fs.appendFileSync(this.historyFile, `${JSON.stringify({ at: Date.now(), ...entry })}\n`);
  }
}
