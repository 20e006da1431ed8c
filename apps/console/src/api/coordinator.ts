import type { Answer, Item } from './answers';
import { getJson } from './client';

/** The coordinator's reads, one service each (see answers.ts). */
export type BillingAccount = Answer<'/invoicing/billing-accounts/{id}'>;
export type InvoiceSummary = Item<Answer<'/invoicing/billing-accounts/{id}/invoices'>['invoices']>;
type AccountPayments = Answer<'/payments/billing-accounts/{id}/payments'>;
export type Payment = Item<AccountPayments['payments']>;
export type OpenInvoice = Item<AccountPayments['openInvoices']>;
export type CollectionStatus = Answer<'/collections/billing-accounts/{id}/status'>;
export type OpenDisputes = Answer<'/disputes/open-disputes'>;

const account = (id: string) => encodeURIComponent(id);

export const coordinatorApi = {
  billingAccount: (id: string) =>
    getJson<BillingAccount>(`/invoicing/billing-accounts/${account(id)}`),
  invoices: (id: string) =>
    getJson<Answer<'/invoicing/billing-accounts/{id}/invoices'>>(
      `/invoicing/billing-accounts/${account(id)}/invoices`,
    ),
  payments: (id: string) =>
    getJson<AccountPayments>(`/payments/billing-accounts/${account(id)}/payments`),
  collections: (id: string) =>
    getJson<CollectionStatus>(`/collections/billing-accounts/${account(id)}/status`),
  disputes: (id: string) =>
    getJson<OpenDisputes>('/disputes/open-disputes', { billingAccountId: id }),
};
