import { ViewField } from '@billing/platform';

/** What opening an account answers: its id, open and not verified yet. */
export class OpenedBillingAccountView {
  @ViewField.id() billingAccountId!: string;
  @ViewField.oneOf(['open']) status!: 'open';
  @ViewField.boolean({ description: 'Billing details checked (POST …/verification)' })
  verified!: boolean;
}

export class VerificationProblemView {
  @ViewField.text({ description: 'Path of the offending detail', example: 'address.postalCode' })
  field!: string;
  @ViewField.text({ description: 'Stable code', example: 'ADDRESS_INCOMPLETE' }) code!: string;
  @ViewField.text() reason!: string;
}

/** The verification's result: verified, or the checklist items that failed. */
export class VerificationView {
  @ViewField.id() billingAccountId!: string;
  @ViewField.boolean() verified!: boolean;
  @ViewField.list(() => VerificationProblemView) problems!: VerificationProblemView[];
}

export class PaymentTermsView {
  @ViewField.id() billingAccountId!: string;
  @ViewField.integer({ optional: true, description: 'Days from issue to due date' })
  paymentTermsDays?: number;
}

export class CreditHoldView {
  @ViewField.id() billingAccountId!: string;
  @ViewField.boolean() onHold!: boolean;
}

export class ClosedBillingAccountView {
  @ViewField.id() billingAccountId!: string;
  @ViewField.oneOf(['closed']) status!: 'closed';
}

export class ErasureView {
  @ViewField.id() billingAccountId!: string;
  @ViewField.oneOf(['erasure_requested', 'erased']) status!: 'erasure_requested' | 'erased';
  @ViewField.text({ optional: true, nullable: true, description: 'Who asked (request only)' })
  requestedBy?: string | null;
}

export class PostalAddressView {
  @ViewField.text({ example: '1 Main St' }) line1!: string;
  @ViewField.text({ optional: true }) line2?: string;
  @ViewField.text({ example: 'Springfield' }) city!: string;
  @ViewField.text({ example: '62701' }) postalCode!: string;
  @ViewField.text({ optional: true, example: 'IL' }) region?: string;
  @ViewField.text({ example: 'US' }) country!: string;
}

/** A billing account: the read model's figures, and the details a coordinator corrects. */
export class BillingAccountView {
  @ViewField.id() billingAccountId!: string;
  @ViewField.text({ example: 'Acme Manufacturing Inc.' }) legalName!: string;
  @ViewField.text({ example: 'ap@acme.example' }) email!: string;
  @ViewField.currency() currency!: string;
  @ViewField.integer() paymentTermsDays!: number;
  @ViewField.boolean() purchaseOrderRequired!: boolean;
  @ViewField.oneOf(['open', 'closed']) status!: 'open' | 'closed';
  @ViewField.boolean() verified!: boolean;
  @ViewField.list(() => VerificationProblemView) verificationProblems!: VerificationProblemView[];
  @ViewField.boolean() onHold!: boolean;
  @ViewField.text({ nullable: true }) holdReason!: string | null;
  @ViewField.text({ nullable: true, example: 'Jane Doe' }) billingContactName!: string | null;
  @ViewField.nested(() => PostalAddressView, { nullable: true }) address!: PostalAddressView | null;
  @ViewField.text({ nullable: true, example: 'US' }) country!: string | null;
  @ViewField.text({ nullable: true, example: '12-3456789' }) taxId!: string | null;
}

/** A correction of billing details: what changed and what the new verification found. */
export class BillingDetailsCorrectionView {
  @ViewField.id() billingAccountId!: string;
  @ViewField.boolean({ description: 'False when the details given were the ones on file' })
  changed!: boolean;
  @ViewField.boolean() verified!: boolean;
  @ViewField.list(() => VerificationProblemView) problems!: VerificationProblemView[];
}
