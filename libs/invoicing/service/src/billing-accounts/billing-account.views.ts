import { ViewField } from '@billing/platform';

/** What opening an account answers: its id, open and not verified yet. */
export class OpenedBillingAccountView {
  @ViewField.id() billingAccountId!: string;
  @ViewField.oneOf(['open']) status!: 'open';
  @ViewField.boolean({ description: 'Billing details checked (POST …/verification)' })
  verified!: boolean;
}
