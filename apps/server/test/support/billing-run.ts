import type { INestApplication } from '@nestjs/common';
import { addDays, type ManualClock } from '@billing/kernel';
import { Money, MoneyDecimal } from '@billing/money';
import { httpCall, type HttpAnswer, type Json } from '@billing/service-testing';
import type {
  BillingIntent,
  BillingRunPlan,
  LineIntent,
  TestCurrency,
} from './billing-command.arbitraries';

export interface BillingApps {
  invoicing: INestApplication;
  payments: INestApplication;
  collections: INestApplication;
  disputes: INestApplication;
}

export interface BillingTokens {
  clerk: string;
  /** A billing manager: issues credit notes, reverses, refunds, approves write-offs. */
  manager: string;
  /** A collections agent who is also a billing manager: asks for write-offs, may not approve them. */
  agentManager: string;
  /** Only a collections agent: reads disputes, may not open, decide or withdraw them. */
  agent: string;
}

interface RunAccount {
  id: string;
  currency: TestCurrency;
}

interface RunInvoice {
  id: string;
  account: RunAccount;
  total: string;
  lineIds: string[];
}

/** A dispute the run opened, or one a chargeback opened that the run found in the open list. */
export interface RunDispute {
  id: string;
  invoiceId: string;
  accountId: string;
}

interface RunPayment {
  id: string;
  account: RunAccount;
}

/**
 * One generated run driven through the services' HTTP APIs, as a billing team would: every
 * command with a role token and an Idempotency-Key. A refused command is part of the run, but
 * it must be a 4xx problem+json; a 5xx, or an answer that breaks what the test knows for sure,
 * throws with the run's log so far. The run keeps what it made (accounts, invoices, payments)
 * so an intent's picks resolve to real targets.
 */
export class BillingRun {
  readonly log: string[] = [];
  readonly accounts: RunAccount[] = [];
  readonly invoices: RunInvoice[] = [];
  readonly payments: RunPayment[] = [];
  /** Credit notes invoicing issued per invoice: the invoice must list exactly these at the end. */
  readonly creditNotesIssued = new Map<string, number>();
  readonly disputes: RunDispute[] = [];
  private paymentCount = 0;

  constructor(
    private readonly apps: BillingApps,
    private readonly tokens: BillingTokens,
    private readonly clock: ManualClock,
    /** Waits until every service and the ledger have caught up. */
    private readonly settle: () => Promise<void>,
    /** Distinguishes this run's payment references from other runs'. */
    private readonly runId: string,
  ) {}

  async openAccounts(plan: BillingRunPlan): Promise<void> {
    for (const [index, currency] of plan.accounts.entries()) {
      const name = `Run ${this.runId} ${index} ${currency}`;
      const country = currency === 'JPY' ? 'JP' : 'KW';
      const opened = await this.command(
        'open account',
        'invoicing',
        'clerk',
        '/invoicing/billing-accounts',
        {
          legalName: `${name} Ltd.`,
          billingContactName: `${name} Accounts`,
          email: `ap-${this.runId}-${index}@example.com`,
          address: { line1: '1 Harbour Road', city: 'Port', postalCode: '10001', country },
          country,
          taxId: `T${this.runId.toUpperCase()}${index}`,
          currency,
          paymentTermsDays: 30,
          purchaseOrderRequired: false,
        },
      );
      this.require(opened, 201, 'open account');
      const id = opened.body['billingAccountId'] as string;
      const verified = await this.command(
        'verify',
        'invoicing',
        'clerk',
        `/invoicing/billing-accounts/${id}/verification`,
        {},
      );
      if (verified.body['verified'] !== true)
        this.fail(`account not verified: ${JSON.stringify(verified.body)}`);
      this.accounts.push({ id, currency });
    }
  }

  async apply(intent: BillingIntent, index: number): Promise<void> {
    this.log.push(`#${index} ${JSON.stringify(intent)}`);
    switch (intent.kind) {
      case 'issue':
        return this.issue(
          this.accounts[intent.account % this.accounts.length] as RunAccount,
          intent.lines,
        );
      case 'credit':
        return this.withInvoice(intent.invoice, (invoice) =>
          this.credit(invoice, intent.scope, intent.percent),
        );
      case 'pay':
        return this.pay(
          this.accounts[intent.account % this.accounts.length] as RunAccount,
          intent.remit,
          intent.percent,
        );
      case 'allocate':
        return this.withPayment(intent.payment, (payment) =>
          this.allocate(payment, intent.instructed, intent.percent),
        );
      case 'correct':
        return this.withInvoice(intent.invoice, (invoice) => this.correct(invoice, intent.lines));
      case 'reverse':
        return this.withPayment(intent.payment, async (payment) => {
          await this.command(
            'reverse',
            'payments',
            'manager',
            `/payments/payments/${payment.id}/reverse`,
            {
              reason: 'Returned by the bank',
            },
          );
        });
      case 'refund':
        return this.withPayment(intent.payment, (payment) => this.refund(payment, intent.percent));
      case 'chargeback':
        return this.withPayment(intent.payment, (payment) =>
          this.chargeback(payment, intent.percent),
        );
      case 'writeOff':
        return this.withInvoice(intent.invoice, (invoice) =>
          this.writeOff(invoice, intent.percent, intent.decision),
        );
      case 'void':
        return this.withInvoice(intent.invoice, async (invoice) => {
          await this.command(
            'void',
            'invoicing',
            'manager',
            `/invoicing/invoices/${invoice.id}/void`,
            {
              reason: 'Issued in error',
            },
          );
        });
      case 'dispute':
        return this.withInvoice(intent.invoice, (invoice) =>
          this.openDispute(invoice, intent.scope, intent.percent, intent.wrongRole),
        );
      case 'resolveDispute':
        return this.resolveDispute(
          intent.dispute,
          intent.outcome,
          intent.percent,
          intent.wrongRole,
        );
      case 'settle':
        await this.settle();
        this.log.push('  settled');
        return;
      case 'advance':
        this.clock.set(`${addDays(this.today(), intent.days)}T09:00:00.000Z`);
        this.log.push(`  today is ${this.today()}`);
        return;
    }
  }

  private async issue(account: RunAccount, lines: LineIntent[]): Promise<void> {
    const drafted = await this.command('draft', 'invoicing', 'clerk', '/invoicing/invoices', {
      billingAccountId: account.id,
      currency: account.currency,
      lines: linesOf(lines, account.currency),
    });
    if (drafted.status === 201) await this.issueDraft(account, drafted.body['invoiceId'] as string);
  }

  private async issueDraft(account: RunAccount, invoiceId: string): Promise<void> {
    const url = `/invoicing/invoices/${invoiceId}/issue`;
    const issued = await this.command('issue', 'invoicing', 'clerk', url, {});
    // Lines that round to nothing (half a yen at most) make no invoice: refused, and no harm.
    if (issued.status !== 200) return;
    this.invoices.push({
      id: invoiceId,
      account,
      total: issued.body['total'] as string,
      lineIds: (issued.body['lines'] as Json[]).map((l) => l['lineId'] as string),
    });
  }

  private async credit(
    invoice: RunInvoice,
    scope: 'part' | 'line' | 'whole' | 'aboveOpen',
    percent: number,
  ): Promise<void> {
    const currency = invoice.account.currency;
    const url = `/invoicing/invoices/${invoice.id}/credit-notes`;
    if (scope === 'aboveOpen') {
      // Exact only when nothing is in flight: then the read model's open amount is the invoice's.
      await this.settle();
      const before = await this.invoice(invoice.id);
      const open = Money.of(before['amountOpen'] as string, currency);
      const above = open.add(
        share(Money.of(invoice.total, currency), percent).add(minor(1, currency)),
      );
      const refused = await this.command('credit above open', 'invoicing', 'manager', url, {
        scope: 'amount',
        amount: above.amount,
        reason: 'goodwill',
      });
      if (refused.status < 400)
        this.fail(`a credit of ${above.amount} above the open ${open.amount} was accepted`);
      const after = await this.invoice(invoice.id);
      if (
        after['amountOpen'] !== before['amountOpen'] ||
        after['creditNotes'].length !== before['creditNotes'].length
      )
        this.fail(
          `a refused credit note changed the invoice: ${JSON.stringify({ before, after })}`,
        );
      return;
    }
    const body =
      scope === 'whole'
        ? { scope: 'whole', reason: 'billing_error' }
        : scope === 'line'
          ? {
              scope: 'lines',
              lineIds: [invoice.lineIds[percent % invoice.lineIds.length]],
              reason: 'billing_error',
            }
          : {
              scope: 'amount',
              amount: atLeastOneMinor(share(await this.openOf(invoice), percent)).amount,
              reason: 'goodwill',
            };
    const credited = await this.command(`credit ${scope}`, 'invoicing', 'manager', url, body);
    if (credited.status === 201)
      this.creditNotesIssued.set(invoice.id, (this.creditNotesIssued.get(invoice.id) ?? 0) + 1);
  }

  private async pay(account: RunAccount, remit: 0 | 1 | 2, percent: number): Promise<void> {
    const currency = account.currency;
    const open = await this.invoicesOf(account);
    const openTotal = Money.sum(
      open.map((i) => Money.of(i['amountOpen'] as string, currency)),
      currency,
    );
    // Nothing open: a payment on account, all of it unapplied credit.
    const base = openTotal.isPositive() ? openTotal : minor(1_000 * percent, currency);
    const remittance = rotate(open, percent)
      .slice(0, remit)
      .map((invoice) => ({
        invoiceId: invoice['invoiceId'] as string,
        amount: atLeastOneMinor(
          share(Money.of(invoice['amountOpen'] as string, currency), Math.min(percent, 100)),
        ),
      }));
    const remitted = Money.sum(
      remittance.map((r) => r.amount),
      currency,
    );
    const amount = Money.max(atLeastOneMinor(share(base, percent)), remitted);
    this.paymentCount += 1;
    const paid = await this.command('pay', 'payments', 'clerk', '/payments/payments', {
      billingAccountId: account.id,
      amount: amount.amount,
      currency,
      method: remittance.length > 0 ? 'bank_transfer' : 'card',
      externalReference: `PAY-${this.runId}-${this.paymentCount}`,
      receivedDate: this.today(),
      ...(remittance.length > 0
        ? {
            remittance: remittance.map((r) => ({
              invoiceId: r.invoiceId,
              amount: r.amount.amount,
            })),
          }
        : {}),
    });
    if (paid.status === 201) this.payments.push({ id: paid.body['paymentId'] as string, account });
  }

  private async allocate(payment: RunPayment, instructed: boolean, percent: number): Promise<void> {
    const currency = payment.account.currency;
    const url = `/payments/payments/${payment.id}/allocations`;
    const target = rotate(await this.invoicesOf(payment.account), percent)[0];
    if (!instructed || !target) {
      await this.command('allocate', 'payments', 'clerk', url, {});
      return;
    }
    const unapplied = Money.of((await this.payment(payment.id))['unapplied'] as string, currency);
    const amount = Money.min(
      atLeastOneMinor(share(unapplied, percent)),
      Money.of(target['amountOpen'] as string, currency),
    );
    await this.command('allocate by instruction', 'payments', 'clerk', url, {
      instructions: [{ invoiceId: target['invoiceId'], amount: amount.amount }],
    });
  }

  private async correct(invoice: RunInvoice, lines: LineIntent[]): Promise<void> {
    const corrected = await this.command(
      'correct',
      'invoicing',
      'manager',
      `/invoicing/invoices/${invoice.id}/correction`,
      { lines: linesOf(lines, invoice.account.currency) },
    );
    if (corrected.status !== 201) return;
    this.creditNotesIssued.set(invoice.id, (this.creditNotesIssued.get(invoice.id) ?? 0) + 1);
    const draftId = (corrected.body['corrected'] as Json)['invoiceId'] as string;
    await this.issueDraft(invoice.account, draftId);
  }

  private async refund(payment: RunPayment, percent: number): Promise<void> {
    const currency = payment.account.currency;
    const unapplied = Money.of((await this.payment(payment.id))['unapplied'] as string, currency);
    await this.command(
      'refund',
      'payments',
      'manager',
      `/payments/payments/${payment.id}/refunds`,
      {
        amount: atLeastOneMinor(share(unapplied, percent)).amount,
        currency,
      },
    );
  }

  private async chargeback(payment: RunPayment, percent: number): Promise<void> {
    const currency = payment.account.currency;
    const view = await this.payment(payment.id);
    const left = Money.of(view['unapplied'] as string, currency).add(
      Money.of(view['applied'] as string, currency),
    );
    this.paymentCount += 1;
    await this.command(
      'chargeback',
      'payments',
      'manager',
      `/payments/payments/${payment.id}/chargebacks`,
      {
        chargebackReference: `CB-${this.runId}-${this.paymentCount}`,
        amount: atLeastOneMinor(share(left, percent)).amount,
        currency,
        reasonCode: '13.1',
      },
    );
  }

  private async writeOff(
    invoice: RunInvoice,
    percent: number,
    decision: 'approve' | 'selfApprovalThenApprove' | 'reject',
  ): Promise<void> {
    const amount = atLeastOneMinor(share(await this.openOf(invoice), percent)).amount;
    const requested = await this.command(
      'request write-off',
      'collections',
      'agentManager',
      `/collections/billing-accounts/${invoice.account.id}/write-offs`,
      {
        amount,
        invoices: [{ invoiceId: invoice.id, amount }],
        reason: 'Customer in administration',
      },
    );
    if (requested.status !== 201 || requested.body['status'] !== 'pending') return;
    const url = `/collections/write-offs/${requested.body['writeOffId'] as string}`;
    if (decision === 'reject') {
      await this.command('reject write-off', 'collections', 'manager', `${url}/reject`, {
        reason: 'Still collectable',
      });
      return;
    }
    if (decision === 'selfApprovalThenApprove') {
      // Maker-checker: the manager who asked may not approve.
      const own = await this.command(
        'approve own write-off',
        'collections',
        'agentManager',
        `${url}/approve`,
        {},
      );
      if (own.status !== 403)
        this.fail(`the requester approved their own write-off: ${own.status}`);
    }
    const approved = await this.command(
      'approve write-off',
      'collections',
      'manager',
      `${url}/approve`,
      {},
    );
    if (approved.status !== 200)
      this.fail(`a second manager could not approve: ${JSON.stringify(approved.body)}`);
  }

  private async openDispute(
    invoice: RunInvoice,
    scope: 'whole' | 'lines' | 'amount' | 'aboveOpen',
    percent: number,
    wrongRole: boolean,
  ): Promise<void> {
    const currency = invoice.account.currency;
    // Exact only when nothing is in flight: then disputes' view of the invoice is invoicing's.
    if (scope === 'aboveOpen') await this.settle();
    const known = await this.query('disputes', `/disputes/invoices/${invoice.id}`);
    // Disputes learns invoices from invoicing's events; until it has, an opening is refused.
    if (scope === 'aboveOpen' && known.status !== 200)
      this.fail(`disputes does not know the issued invoice ${invoice.id}: ${known.status}`);
    const disputable =
      known.status === 200
        ? Money.of(known.body['amountDisputable'] as string, currency)
        : Money.zero(currency);
    const statement = { invoiceId: invoice.id, customerStatement: 'We were charged too much.' };
    const body =
      scope === 'whole'
        ? { ...statement, scope: 'whole', reasonCategory: 'pricing_error' }
        : scope === 'lines'
          ? {
              ...statement,
              scope: 'lines',
              lineIds: [invoice.lineIds[percent % invoice.lineIds.length]],
              reasonCategory: 'service_not_received',
            }
          : {
              ...statement,
              scope: 'amount',
              amount: (scope === 'aboveOpen'
                ? disputable
                    .add(share(Money.of(invoice.total, currency), percent))
                    .add(minor(1, currency))
                : atLeastOneMinor(share(disputable, percent))
              ).amount,
              reasonCategory: 'duplicate_charge',
            };
    if (wrongRole) {
      const refused = await this.command(
        'open dispute',
        'disputes',
        'agent',
        '/disputes/disputes',
        body,
      );
      if (refused.status !== 403)
        this.fail(`a collections agent opened a dispute: ${refused.status}`);
    }
    const opened = await this.command(
      'open dispute',
      'disputes',
      'clerk',
      '/disputes/disputes',
      body,
    );
    if (scope === 'aboveOpen') {
      const named = ((opened.body['errors'] as Json[] | undefined) ?? []).map((e) => e['field']);
      if (opened.status < 400 || opened.status >= 500 || !named.includes('amount'))
        this.fail(
          `a dispute above the disputable ${disputable.amount} was not refused naming amount: ${opened.status} ${JSON.stringify(opened.body)}`,
        );
      const after = this.require(
        await this.query('disputes', `/disputes/invoices/${invoice.id}`),
        200,
        'disputed invoice',
      ).body;
      if (after['amountOnHold'] !== known.body['amountOnHold'])
        this.fail(`a refused dispute changed the hold: ${JSON.stringify({ known, after })}`);
      return;
    }
    if (opened.status === 201)
      this.disputes.push({
        id: opened.body['disputeId'] as string,
        invoiceId: invoice.id,
        accountId: invoice.account.id,
      });
  }

  private async resolveDispute(
    pick: number,
    outcome: 'acceptFull' | 'acceptPart' | 'reject' | 'withdraw',
    percent: number,
    wrongRole: boolean,
  ): Promise<void> {
    // Chargebacks open disputes too; a coordinator finds them in the open list.
    await this.findOpenDisputes();
    const dispute = this.disputes[pick % Math.max(this.disputes.length, 1)];
    if (!dispute) {
      this.log.push('  no dispute yet');
      return;
    }
    const before = await this.dispute(dispute.id);
    const url = `/disputes/disputes/${dispute.id}`;
    const currency = before['currency'] as string;
    const decision: {
      path: string;
      body: object;
      role: keyof BillingTokens;
      wrong: keyof BillingTokens;
    } =
      outcome === 'acceptFull'
        ? { path: 'acceptance', body: { explanation: 'Agreed' }, role: 'manager', wrong: 'clerk' }
        : outcome === 'acceptPart'
          ? {
              path: 'acceptance',
              body: {
                acceptedAmount: atLeastOneMinor(
                  share(Money.of(before['amount'] as string, currency), percent),
                ).amount,
                explanation: 'Agreed in part',
              },
              role: 'manager',
              wrong: 'clerk',
            }
          : outcome === 'reject'
            ? {
                path: 'rejection',
                body: { explanation: 'Charged as agreed' },
                role: 'manager',
                wrong: 'clerk',
              }
            : { path: 'withdrawal', body: {}, role: 'clerk', wrong: 'agent' };
    if (wrongRole) {
      const refused = await this.command(
        `${decision.path} as ${decision.wrong}`,
        'disputes',
        decision.wrong,
        `${url}/${decision.path}`,
        decision.body,
      );
      if (refused.status !== 403)
        this.fail(`${decision.wrong} could ${decision.path} a dispute: ${refused.status}`);
    }
    const answer = await this.command(
      decision.path,
      'disputes',
      decision.role,
      `${url}/${decision.path}`,
      decision.body,
    );
    // An open dispute is decided once; a decided one says so.
    const expected = before['status'] === 'open' ? 200 : 409;
    if (answer.status !== expected)
      this.fail(
        `${decision.path} of a dispute that was ${String(before['status'])}: expected ${expected}, got ${answer.status} ${JSON.stringify(answer.body)}`,
      );
  }

  /** Adds the open disputes of the run's accounts it has not seen yet (chargebacks open them). */
  async findOpenDisputes(): Promise<void> {
    const seen = new Set(this.disputes.map((d) => d.id));
    for (const account of this.accounts) {
      const listed = this.require(
        await this.query('disputes', `/disputes/open-disputes?billingAccountId=${account.id}`),
        200,
        'open disputes',
      ).body['disputes'] as Json[];
      for (const d of listed) {
        const id = d['disputeId'] as string;
        if (seen.has(id)) continue;
        seen.add(id);
        this.disputes.push({ id, invoiceId: d['invoiceId'] as string, accountId: account.id });
        this.log.push(`  found dispute ${id} (${String(d['source'])})`);
      }
    }
  }

  async dispute(disputeId: string): Promise<Json> {
    return this.require(
      await this.query('disputes', `/disputes/disputes/${disputeId}`),
      200,
      'dispute',
    ).body;
  }

  private async withInvoice(
    pick: number,
    act: (invoice: RunInvoice) => Promise<void>,
  ): Promise<void> {
    const invoice = this.invoices[pick % Math.max(this.invoices.length, 1)];
    if (invoice) await act(invoice);
    else this.log.push('  no invoice yet');
  }

  private async withPayment(
    pick: number,
    act: (payment: RunPayment) => Promise<void>,
  ): Promise<void> {
    const payment = this.payments[pick % Math.max(this.payments.length, 1)];
    if (payment) await act(payment);
    else this.log.push('  no payment yet');
  }

  async invoice(invoiceId: string): Promise<Json> {
    return this.require(
      await this.query('invoicing', `/invoicing/invoices/${invoiceId}`),
      200,
      'invoice',
    ).body;
  }

  async payment(paymentId: string): Promise<Json> {
    return this.require(
      await this.query('payments', `/payments/payments/${paymentId}`),
      200,
      'payment',
    ).body;
  }

  /** The account's issued invoices with something open, as invoicing reports them. */
  private async invoicesOf(account: RunAccount): Promise<Json[]> {
    const listed = await this.query(
      'invoicing',
      `/invoicing/billing-accounts/${account.id}/invoices`,
    );
    return (this.require(listed, 200, 'invoices').body['invoices'] as Json[]).filter(
      (i) =>
        i['status'] !== 'draft' &&
        Money.of(i['amountOpen'] as string, account.currency).isPositive(),
    );
  }

  private async openOf(invoice: RunInvoice): Promise<Money> {
    return Money.of(
      (await this.invoice(invoice.id))['amountOpen'] as string,
      invoice.account.currency,
    );
  }

  private today(): string {
    return this.clock.now().toISOString().slice(0, 10);
  }

  private query(service: keyof BillingApps, path: string): Promise<HttpAnswer> {
    return httpCall(this.apps[service], this.tokens.clerk, 'get', path);
  }

  /** A command; its answer is logged and must be a success or a 4xx problem+json. */
  private async command(
    what: string,
    service: keyof BillingApps,
    role: keyof BillingTokens,
    path: string,
    body: object,
  ): Promise<HttpAnswer> {
    const answer = await httpCall(this.apps[service], this.tokens[role], 'post', path, body);
    const problem =
      answer.status >= 400 ? ` ${String(answer.body['code'] ?? answer.body['title'])}` : '';
    this.log.push(`  ${what} ${JSON.stringify(body)} -> ${answer.status}${problem}`);
    if (answer.status >= 500)
      this.fail(`${what} failed with ${answer.status}: ${JSON.stringify(answer.body)}`);
    if (
      answer.status >= 400 &&
      !(
        answer.contentType.startsWith('application/problem+json') &&
        answer.body['status'] === answer.status
      )
    )
      this.fail(
        `${what} was refused without a problem+json: ${answer.contentType} ${JSON.stringify(answer.body)}`,
      );
    return answer;
  }

  private require(answer: HttpAnswer, status: number, what: string): HttpAnswer {
    if (answer.status !== status)
      this.fail(`${what}: expected ${status}, got ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer;
  }

  fail(message: string): never {
    throw new Error(`${message}\nRun so far:\n${this.log.join('\n')}`);
  }
}

/** `count` minor units of `currency` (yen have none, dinars three). */
function minor(count: number, currency: string): Money {
  const { minorUnits } = Money.zero(currency).currency;
  return Money.of(String(count), currency).multiply(new MoneyDecimal(10).pow(-minorUnits));
}

function linesOf(lines: LineIntent[], currency: TestCurrency) {
  return lines.map((line, index) => ({
    description: `Service ${index + 1}`,
    quantity: line.quantity,
    unitPrice: minor(line.unitPriceMinor, currency).amount,
    taxRate: line.taxRate,
  }));
}

/** The list starting at `pick` (modulo its length), so a pick chooses which items come first. */
function rotate<T>(items: T[], pick: number): T[] {
  const start = items.length === 0 ? 0 : pick % items.length;
  return [...items.slice(start), ...items.slice(0, start)];
}

/** `percent`% of `amount`, rounded down to a minor unit. */
function share(amount: Money, percent: number): Money {
  return amount.multiply(new MoneyDecimal(percent).dividedBy(100), 'DOWN');
}

function atLeastOneMinor(amount: Money): Money {
  return Money.max(amount, minor(1, amount.currency.code));
}
