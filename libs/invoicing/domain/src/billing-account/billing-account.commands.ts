import type { DomainCommand, PostalAddress } from '@billing/contracts';

export interface OpenBillingAccountData {
  billingAccountId: string;
  legalName: string;
  billingContactName: string;
  email: string;
  address: PostalAddress;
  country: string;
  taxId: string;
  currency: string;
  paymentTermsDays: number;
  purchaseOrderRequired: boolean;
  openedAt: string;
}

export interface UpdateBillingDetailsData {
  billingAccountId: string;
  legalName: string;
  billingContactName: string;
  email: string;
  address: PostalAddress;
  country: string;
  taxId: string;
  currency: string;
  purchaseOrderRequired: boolean;
  updatedAt: string;
}

/** The details a coordinator may correct; currency and payment terms have commands of their own. */
export type CorrectableBillingDetails = Pick<
  UpdateBillingDetailsData,
  | 'legalName'
  | 'billingContactName'
  | 'email'
  | 'address'
  | 'country'
  | 'taxId'
  | 'purchaseOrderRequired'
>;

export interface CorrectBillingDetailsData {
  billingAccountId: string;
  /** Only the fields given change; the rest stay as they are. */
  changes: Partial<CorrectableBillingDetails>;
  correctedAt: string;
}

export type BillingAccountCommand =
  | DomainCommand<'OpenBillingAccount', OpenBillingAccountData>
  | DomainCommand<'UpdateBillingDetails', UpdateBillingDetailsData>
  | DomainCommand<'CorrectBillingDetails', CorrectBillingDetailsData>
  | DomainCommand<'VerifyBillingDetails', { billingAccountId: string; checkedAt: string }>
  | DomainCommand<
      'ChangePaymentTerms',
      { billingAccountId: string; paymentTermsDays: number; reason: string; changedAt: string }
    >
  | DomainCommand<'PlaceCreditHold', { billingAccountId: string; reason: string; placedAt: string }>
  | DomainCommand<
      'ReleaseCreditHold',
      { billingAccountId: string; reason: string; releasedAt: string }
    >
  | DomainCommand<
      'CloseBillingAccount',
      {
        billingAccountId: string;
        reason: string;
        closedAt: string;
        /** Invoices of the account with an open amount, from the handler's read model. */
        openInvoiceCount: number;
      }
    >
  | DomainCommand<
      'RequestPersonalDataErasure',
      { billingAccountId: string; requestedBy: string; reason: string; requestedAt: string }
    >
  | DomainCommand<
      'ApprovePersonalDataErasure',
      {
        billingAccountId: string;
        approvedBy: string;
        erasedAt: string;
        /** Set by the handler once the key store confirmed the account's key is destroyed. */
        keyDestroyed: boolean;
      }
    >;
