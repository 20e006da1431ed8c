import { getJson } from './client';

/** The coordinator's reads, one service each, as the services answer them. */
export interface BillingAccount {
  billingAccountId: string;
  legalName: string;
  email: string;
  currency: string;
  paymentTermsDays: number;
  status: string;
  verified: boolean;
  verificationProblems: Array<string | { field?: string; reason?: string }>;
  onHold: boolean;
  holdReason: string | null;
  billingContactName: string;
  address: Record<string, string>;
  taxId: string | null;
}

export interface InvoiceSummary {
  invoiceId: string;
  number: string | null;
  status: string;
  currency: string;
  total: string;
  amountOpen: string;
  issueDate: string | null;
  dueDate: string | null;
}

export interface Payment {
  paymentId: string;
  currency: string;
  amount: string;
  applied: string;
  unapplied: string;
  status: string;
  method: string;
  externalReference: string;
  receivedDate: string;
  allocations: Array<{ invoiceId: string; amount: string; status: string }>;
}

export interface OpenInvoice {
  invoiceId: string;
  number: string;
  dueDate: string;
  amountOpen: string;
  currency: string;
  amountHeld: string;
}

export interface CollectionStatus {
  asOf: string;
  invoices: Array<{
    invoiceId: string;
    invoiceNumber: string;
    daysOverdue: number;
    amountOpen: string;
    amountHeld: string;
    amountUnderPlan: string;
    promise: { amount?: string; promisedDate?: string; dueOn?: string } | null;
    planId: string | null;
    stepsTaken: Array<{ step: string; takenOn: string }>;
    nextStep: { step: string; channels: string[]; dueOn: string } | null;
    blockedBy: string | null;
  }>;
}

export interface OpenDisputes {
  count: number;
  disputes: Array<Record<string, unknown> & { disputeId?: string; status?: string }>;
}

const account = (id: string) => encodeURIComponent(id);

export const coordinatorApi = {
  billingAccount: (id: string) =>
    getJson<BillingAccount>(`/invoicing/billing-accounts/${account(id)}`),
  invoices: (id: string) =>
    getJson<{ invoices: InvoiceSummary[] }>(`/invoicing/billing-accounts/${account(id)}/invoices`),
  payments: (id: string) =>
    getJson<{ payments: Payment[]; openInvoices: OpenInvoice[] }>(
      `/payments/billing-accounts/${account(id)}/payments`,
    ),
  collections: (id: string) =>
    getJson<CollectionStatus>(`/collections/billing-accounts/${account(id)}/status`),
  disputes: (id: string) =>
    getJson<OpenDisputes>('/disputes/open-disputes', { billingAccountId: id }),
};
