import type { DunningChannel, DunningStepName } from '@billing/contracts';
import {
  dunningChannels,
  dunningStepNames,
  type CollectionCaseState,
  type DunningBlock,
} from '@billing/collections-domain';
import { ViewField } from '@billing/platform';

const caseStatuses: readonly CollectionCaseState['status'][] = ['untracked', 'open', 'closed'];
const dunningBlocks: readonly DunningBlock[] = [
  'not_tracked',
  'closed',
  'not_overdue',
  'nothing_to_chase',
  'promise_to_pay',
  'all_steps_done',
  'no_step_due',
];

export class DisputeHoldView {
  @ViewField.id() disputeId!: string;
  @ViewField.amount({ description: 'What the open dispute holds of the invoice' }) amount!: string;
}

export class ActivePromiseView {
  @ViewField.id() promiseId!: string;
  @ViewField.amount() amount!: string;
  @ViewField.date() promisedDate!: string;
  @ViewField.date() madeOn!: string;
  @ViewField.amount({ description: 'Paid on the invoice since the promise, less reversals' })
  amountPaid!: string;
}

export class DunningStepTakenView {
  @ViewField.oneOf(dunningStepNames) step!: DunningStepName;
  @ViewField.date() takenOn!: string;
}

export class NextDunningStepView {
  @ViewField.oneOf(dunningStepNames) step!: DunningStepName;
  @ViewField.oneOfEach(dunningChannels) channels!: DunningChannel[];
  @ViewField.date() dueOn!: string;
}

/** One invoice collections follows, as it stands today. */
export class InvoiceCollectionStatusView {
  @ViewField.id() invoiceId!: string;
  @ViewField.text({ example: 'INV-2026-000001' }) invoiceNumber!: string;
  @ViewField.oneOf(caseStatuses) status!: CollectionCaseState['status'];
  @ViewField.currency() currency!: string;
  @ViewField.date() dueDate!: string;
  @ViewField.integer({ description: 'Days past the due date (0 when not overdue)' })
  daysOverdue!: number;
  @ViewField.amount() amountTotal!: string;
  @ViewField.amount() amountOpen!: string;
  @ViewField.amount({ description: 'Held by open disputes' }) amountHeld!: string;
  @ViewField.amount({ description: 'Covered by a payment plan' }) amountUnderPlan!: string;
  @ViewField.amount({ description: 'Open, less held and under plan' }) amountChaseable!: string;
  @ViewField.list(() => DisputeHoldView) holds!: DisputeHoldView[];
  @ViewField.nested(() => ActivePromiseView, { nullable: true }) promise!: ActivePromiseView | null;
  @ViewField.id({ nullable: true }) planId!: string | null;
  @ViewField.list(() => DunningStepTakenView) stepsTaken!: DunningStepTakenView[];
  @ViewField.oneOfEach(dunningStepNames, { description: 'Steps passed over, never sent' })
  stepsSkipped!: DunningStepName[];
  @ViewField.nested(() => NextDunningStepView, {
    nullable: true,
    description: 'The next step and its date; null when the case is closed or none is left',
  })
  nextStep!: NextDunningStepView | null;
  @ViewField.oneOf(dunningBlocks, {
    nullable: true,
    description: 'Why no step is due today; null when one is',
  })
  blockedBy!: DunningBlock | null;
}

/** The open invoices' amounts of one currency. */
export class CollectionTotalsView {
  @ViewField.currency() currency!: string;
  @ViewField.amount() amountOpen!: string;
  @ViewField.amount() amountHeld!: string;
  @ViewField.amount() amountUnderPlan!: string;
  @ViewField.amount() amountChaseable!: string;
  @ViewField.amount({ description: 'Chaseable and past its due date' }) amountOverdue!: string;
}

/** Where collection of an account stands on the business date `asOf`. */
export class CollectionStatusView {
  @ViewField.id() billingAccountId!: string;
  @ViewField.text({ example: 'standard' }) segment!: string;
  @ViewField.date() asOf!: string;
  @ViewField.list(() => CollectionTotalsView) totals!: CollectionTotalsView[];
  @ViewField.list(() => InvoiceCollectionStatusView) invoices!: InvoiceCollectionStatusView[];
  @ViewField.boolean({ description: 'The account has more invoices than one answer lists' })
  truncated!: boolean;
}
