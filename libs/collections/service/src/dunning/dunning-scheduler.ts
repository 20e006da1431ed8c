import { Inject, Injectable } from '@nestjs/common';
import type { CommandContext, EventMetadata } from '@billing/event-store';
import { dueDunningSteps, type DunningPolicy } from '@billing/collections-domain';
import type { DunningChannel, DunningStepName } from '@billing/contracts';
import { DomainError } from '@billing/kernel';
import { PLATFORM_LOGGER, type Logger } from '@billing/platform';
import { caughtUpWithin } from '@billing/read-models';
import { PlanCoverageProcess } from '../payment-plans/plan-coverage.process';
import { CollectionsProjections } from '../read-models/collections-projections';
import { CollectionsCommands } from '../shared/collections-commands';
import { COLLECTIONS_DEPS, type CollectionsDeps } from '../shared/collections.deps';
import { policyOf } from '../shared/collections.settings';

/** Rows read per page; the run pages through every open case. */
const pageSize = 500;
/** Cases one run looks at, at most; the report says when it stopped there. */
const casesPerRunMax = 100_000;
/**
 * How long a run waits for the read models to reflect everything committed before it. A run is a
 * batch job, not a request: it can wait for a busy projection rather than miss a case for a day.
 */
const catchUpWaitMs = 60_000;

export interface DunningRunReport {
  date: string;
  promisesKept: Array<{ invoiceId: string; promiseId: string }>;
  promisesBroken: Array<{ invoiceId: string; promiseId: string; amountShort: string }>;
  plansBroken: Array<{ planId: string; billingAccountId: string; amountUnpaid: string }>;
  stepsTaken: Array<{
    billingAccountId: string;
    invoiceId: string;
    invoiceNumber: string;
    step: DunningStepName;
    channels: DunningChannel[];
    amountConcerned: string;
    currency: string;
    daysOverdue: number;
  }>;
  stepsSkipped: Array<{ invoiceId: string; step: DunningStepName; supersededBy: DunningStepName }>;
  casesExamined: number;
  /** Cases the run could not handle (a refusal by the decider); the next run tries again. */
  failures: Array<{ invoiceId?: string; planId?: string; code: string }>;
  truncated: boolean;
}

/**
 * "What is due as of today?" Evaluates promises (kept, or broken once their date passed),
 * evaluates plans (broken once an instalment is late past the grace days, which releases their
 * invoices), then takes each case's due dunning step. Every decision is the case's own, on its
 * stream: a step is taken once per invoice, with event ids derived from the invoice and the step,
 * so running twice on a day (or on two instances at once) appends nothing twice.
 */
@Injectable()
export class DunningScheduler {
  private running: Promise<DunningRunReport> | undefined;

  constructor(
    @Inject(COLLECTIONS_DEPS) private readonly deps: CollectionsDeps,
    @Inject(PLATFORM_LOGGER) private readonly logger: Logger,
    private readonly commands: CollectionsCommands,
    private readonly projections: CollectionsProjections,
    private readonly planCoverage: PlanCoverageProcess,
  ) {}

  /** One run at a time in this process; a second caller waits for it and runs after. */
  async run(date: string, metadata: EventMetadata): Promise<DunningRunReport> {
    while (this.running) await this.running.catch(() => undefined);
    const run = this.runOnce(date, metadata);
    this.running = run;
    try {
      return await run;
    } finally {
      this.running = undefined;
    }
  }

  private async runOnce(date: string, metadata: EventMetadata): Promise<DunningRunReport> {
    const report: DunningRunReport = {
      date,
      promisesKept: [],
      promisesBroken: [],
      plansBroken: [],
      stepsTaken: [],
      stepsSkipped: [],
      casesExamined: 0,
      failures: [],
      truncated: false,
    };
    const policies = new Map<string, DunningPolicy>();
    const policyFor = async (billingAccountId: string): Promise<DunningPolicy> => {
      const known = policies.get(billingAccountId);
      if (known) return known;
      const policy = policyOf(
        this.deps.settings,
        await this.commands.accountSegment(billingAccountId),
      );
      policies.set(billingAccountId, policy);
      return policy;
    };
    const context = (idempotencyKey: string): CommandContext => ({
      idempotencyKey,
      metadata,
      occurredAt: this.deps.clock.now().toISOString(),
    });

    await this.settle();
    await this.evaluatePromises(date, report, policyFor, context);
    await this.evaluatePlans(date, report, context);
    // Plans broken just now release their invoices through the plan process; wait for it.
    await caughtUpWithin(this.planCoverage, this.waitMs());
    await this.settle();
    await this.runCases(date, report, policyFor, context);
    this.logger.info(
      {
        date,
        casesExamined: report.casesExamined,
        stepsTaken: report.stepsTaken.length,
        promisesBroken: report.promisesBroken.length,
        plansBroken: report.plansBroken.length,
        failures: report.failures.length,
      },
      'dunning run done',
    );
    return report;
  }

  private async evaluatePromises(
    date: string,
    report: DunningRunReport,
    policyFor: (billingAccountId: string) => Promise<DunningPolicy>,
    context: (key: string) => CommandContext,
  ): Promise<void> {
    for await (const row of this.pages<{ invoice_id: string; billing_account_id: string }>(
      `SELECT invoice_id, billing_account_id FROM collections_rm.cases
        WHERE status = 'open' AND promise_date IS NOT NULL AND invoice_id > $1
        ORDER BY invoice_id LIMIT $2`,
    )) {
      const policy = await policyFor(row.billing_account_id);
      await this.guarded(report, { invoiceId: row.invoice_id }, async () => {
        const promiseId = (await this.commands.loadCase(row.invoice_id)).promise?.promiseId;
        if (!promiseId) return;
        const result = await this.commands.collectionCase(
          row.invoice_id,
          { type: 'EvaluatePromise', data: { today: date, policy } },
          context(`promise-evaluation:${promiseId}`),
        );
        for (const event of result.events) {
          if (event.type === 'PromiseToPayKept')
            report.promisesKept.push({ invoiceId: row.invoice_id, promiseId });
          if (event.type === 'PromiseToPayBroken')
            report.promisesBroken.push({
              invoiceId: row.invoice_id,
              promiseId,
              amountShort: event.data.amountShort,
            });
        }
      });
    }
  }

  private async evaluatePlans(
    date: string,
    report: DunningRunReport,
    context: (key: string) => CommandContext,
  ): Promise<void> {
    for await (const row of this.pages<{ plan_id: string }>(
      `SELECT plan_id FROM collections_rm.payment_plans
        WHERE status = 'active' AND plan_id > $1 ORDER BY plan_id LIMIT $2`,
      'plan_id',
    )) {
      await this.guarded(report, { planId: row.plan_id }, async () => {
        const result = await this.commands.plan(
          row.plan_id,
          {
            type: 'EvaluatePlan',
            data: { today: date, graceDays: this.deps.settings.planGraceDays },
          },
          context(`plan-evaluation:${row.plan_id}`),
        );
        for (const event of result.events) {
          if (event.type === 'PaymentPlanBroken')
            report.plansBroken.push({
              planId: row.plan_id,
              billingAccountId: event.data.billingAccountId,
              amountUnpaid: event.data.amountUnpaid,
            });
        }
      });
    }
  }

  private async runCases(
    date: string,
    report: DunningRunReport,
    policyFor: (billingAccountId: string) => Promise<DunningPolicy>,
    context: (key: string) => CommandContext,
  ): Promise<void> {
    for await (const row of this.pages<{ invoice_id: string; billing_account_id: string }>(
      `SELECT invoice_id, billing_account_id FROM collections_rm.cases
        WHERE status = 'open' AND due_date < $3 AND invoice_id > $1
        ORDER BY invoice_id LIMIT $2`,
      'invoice_id',
      [date],
    )) {
      if (report.casesExamined >= casesPerRunMax) {
        report.truncated = true;
        return;
      }
      report.casesExamined += 1;
      const policy = await policyFor(row.billing_account_id);
      await this.guarded(report, { invoiceId: row.invoice_id }, async () => {
        const due = dueDunningSteps(await this.commands.loadCase(row.invoice_id), policy, date);
        if (!due.take) return;
        const result = await this.commands.collectionCase(
          row.invoice_id,
          { type: 'RunDunning', data: { today: date, policy } },
          // Derived from the invoice (the stream) and the step, whichever run or day takes it.
          context(`dunning-step:${due.take.step}`),
        );
        for (const event of result.events) {
          if (event.type === 'DunningStepTaken') {
            const d = event.data;
            report.stepsTaken.push({
              billingAccountId: d.billingAccountId,
              invoiceId: d.invoiceId,
              invoiceNumber: d.invoiceNumber,
              step: d.step,
              channels: d.channels,
              amountConcerned: d.amountConcerned,
              currency: d.currency,
              daysOverdue: d.daysOverdue,
            });
          } else if (event.type === 'DunningStepSkipped') {
            report.stepsSkipped.push({
              invoiceId: event.data.invoiceId,
              step: event.data.step,
              supersededBy: event.data.supersededBy,
            });
          }
        }
      });
    }
  }

  /** Keyset pages over a read-model query: `$1` the last key seen, `$2` the page size. */
  private async *pages<Row extends Record<string, string>>(
    sql: string,
    key: keyof Row & string = 'invoice_id',
    params: unknown[] = [],
  ): AsyncGenerator<Row> {
    let after = '';
    for (;;) {
      const { rows } = await this.deps.db.query<Row>(sql, [after, pageSize, ...params]);
      for (const row of rows) yield row;
      const last = rows[rows.length - 1];
      if (!last || rows.length < pageSize) return;
      after = last[key] as string;
    }
  }

  /** A refusal on one case is reported and the run goes on; anything else stops it loudly. */
  private async guarded(
    report: DunningRunReport,
    subject: { invoiceId?: string; planId?: string },
    work: () => Promise<void>,
  ): Promise<void> {
    try {
      await work();
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      report.failures.push({ ...subject, code: error.code });
      this.logger.error({ ...subject, code: error.code }, 'dunning run refused for one case');
    }
  }

  private settle(): Promise<void> {
    return caughtUpWithin(this.projections, this.waitMs());
  }

  private waitMs(): number {
    return Math.max(this.deps.readModelWaitMs ?? 0, catchUpWaitMs);
  }
}
