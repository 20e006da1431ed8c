import type { DunningChannel, DunningStepName } from '@billing/contracts';
import { dunningChannels, dunningStepNames } from '@billing/collections-domain';
import { ViewField } from '@billing/platform';

export class DunningStepRuleView {
  @ViewField.oneOf(dunningStepNames) step!: DunningStepName;
  @ViewField.integer({ description: "Calendar days after the invoice's due date" })
  daysAfterDue!: number;
  @ViewField.oneOfEach(dunningChannels) channels!: DunningChannel[];
}

/** One segment's dunning policy: its steps in the order they are taken. */
export class DunningPolicyView {
  @ViewField.text({ example: 'standard' }) segment!: string;
  @ViewField.list(() => DunningStepRuleView) steps!: DunningStepRuleView[];
}

export class DunningPoliciesView {
  @ViewField.nested(() => DunningPolicyView, { description: 'What every other segment follows' })
  default!: DunningPolicyView;
  @ViewField.list(() => DunningPolicyView) segments!: DunningPolicyView[];
}

export class SegmentAssignmentView {
  @ViewField.id() billingAccountId!: string;
  @ViewField.text({ example: 'enterprise' }) segment!: string;
  @ViewField.nested(() => DunningPolicyView, {
    description: "The segment's policy, from the next run",
  })
  policy!: DunningPolicyView;
}
