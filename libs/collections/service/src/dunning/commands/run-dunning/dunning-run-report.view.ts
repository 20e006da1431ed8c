import type { DunningChannel, DunningStepName } from '@billing/contracts';
import { dunningChannels, dunningStepNames } from '@billing/collections-domain';
import { ViewField } from '@billing/platform';

export class PromiseKeptView {
  @ViewField.id() invoiceId!: string;
  @ViewField.id() promiseId!: string;
}

export class PromiseBrokenView {
  @ViewField.id() invoiceId!: string;
  @ViewField.id() promiseId!: string;
  @ViewField.amount() amountShort!: string;
}

export class PlanBrokenView {
  @ViewField.id() planId!: string;
  @ViewField.id() billingAccountId!: string;
  @ViewField.amount() amountUnpaid!: string;
}

export class DunningStepRunView {
  @ViewField.id() billingAccountId!: string;
  @ViewField.id() invoiceId!: string;
  @ViewField.text({ example: 'INV-2026-000001' }) invoiceNumber!: string;
  @ViewField.oneOf(dunningStepNames) step!: DunningStepName;
  @ViewField.oneOfEach(dunningChannels) channels!: DunningChannel[];
  @ViewField.amount() amountConcerned!: string;
  @ViewField.currency() currency!: string;
  @ViewField.integer() daysOverdue!: number;
}

export class DunningStepSkippedView {
  @ViewField.id() invoiceId!: string;
  @ViewField.oneOf(dunningStepNames) step!: DunningStepName;
  @ViewField.oneOf(dunningStepNames) supersededBy!: DunningStepName;
}

/** A case the run could not handle (the decider refused); the next run tries again. */
export class DunningRunFailureView {
  @ViewField.id({ optional: true }) invoiceId?: string;
  @ViewField.id({ optional: true }) planId?: string;
  @ViewField.text({ example: 'INVALID_STATE' }) code!: string;
}

/** What a dunning run did on its business date. */
export class DunningRunReportView {
  @ViewField.date() date!: string;
  @ViewField.list(() => PromiseKeptView) promisesKept!: PromiseKeptView[];
  @ViewField.list(() => PromiseBrokenView) promisesBroken!: PromiseBrokenView[];
  @ViewField.list(() => PlanBrokenView) plansBroken!: PlanBrokenView[];
  @ViewField.list(() => DunningStepRunView) stepsTaken!: DunningStepRunView[];
  @ViewField.list(() => DunningStepSkippedView) stepsSkipped!: DunningStepSkippedView[];
  @ViewField.integer() casesExamined!: number;
  @ViewField.list(() => DunningRunFailureView) failures!: DunningRunFailureView[];
  @ViewField.boolean({ description: 'More cases than one run takes: run again' })
  truncated!: boolean;
}
