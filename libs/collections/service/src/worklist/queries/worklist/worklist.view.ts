import type { DunningChannel, DunningStepName } from '@billing/contracts';
import { dunningChannels, dunningStepNames } from '@billing/collections-domain';
import { ViewField } from '@billing/platform';

export class WorklistInvoiceView {
  @ViewField.id() invoiceId!: string;
  @ViewField.text({ example: 'INV-2026-000001' }) invoiceNumber!: string;
  @ViewField.amount() amountOverdue!: string;
  @ViewField.integer() daysOverdue!: number;
}

/** A dunning step to take (`dunning_step`) or a call to follow up once every step is done. */
export class NextActionView {
  @ViewField.oneOf(['dunning_step', 'follow_up']) kind!: 'dunning_step' | 'follow_up';
  @ViewField.id() invoiceId!: string;
  @ViewField.oneOf(dunningStepNames, { optional: true, description: 'With `dunning_step`' })
  step?: DunningStepName;
  @ViewField.oneOfEach(dunningChannels, { optional: true, description: 'With `dunning_step`' })
  channels?: DunningChannel[];
  @ViewField.date({ optional: true, description: 'With `dunning_step`' }) dueOn?: string;
  @ViewField.boolean({ optional: true, description: 'With `dunning_step`' }) dueToday?: boolean;
  @ViewField.oneOf(['all_steps_done'], { optional: true, description: 'With `follow_up`' })
  reason?: 'all_steps_done';
}

/** One account (in one currency) to contact. */
export class WorklistEntryView {
  @ViewField.id() billingAccountId!: string;
  @ViewField.currency() currency!: string;
  @ViewField.amount({ description: 'Chaseable overdue: open less disputed and under a plan' })
  amountOverdue!: string;
  @ViewField.integer() daysOverdueMax!: number;
  @ViewField.amount({ description: 'Sum of amount overdue × days overdue; the sort key' })
  priority!: string;
  @ViewField.list(() => WorklistInvoiceView) invoices!: WorklistInvoiceView[];
  @ViewField.nested(() => NextActionView, { nullable: true }) nextAction!: NextActionView | null;
}

/** Today's accounts to contact, most urgent first. */
export class WorklistView {
  @ViewField.date() date!: string;
  @ViewField.integer({ description: 'Accounts to contact, before `limit`' }) accountCount!: number;
  @ViewField.list(() => WorklistEntryView) entries!: WorklistEntryView[];
  @ViewField.boolean({ description: 'More accounts than listed' }) truncated!: boolean;
}
