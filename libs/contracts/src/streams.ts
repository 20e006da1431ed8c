import { collectionsStreamCategories } from './collections.events';
import { disputesStreamCategories } from './disputes.events';
import { deriveId } from '@billing/kernel';

/**
 * Stream ids are `<category>-<id>` with no hyphen in the category, so the store can find a
 * stream's category (and its owning service) from its id alone.
 */
export const streamCategories = {
  billingAccount: 'billingaccount',
  invoice: 'invoice',
  invoiceSeries: 'invoiceseries',
  creditNoteSeries: 'creditnoteseries',
  payment: 'payment',
  paymentReference: 'paymentreference',
  ...collectionsStreamCategories,
  ...disputesStreamCategories,
} as const;

export const billingAccountStream = (billingAccountId: string): string =>
  `${streamCategories.billingAccount}-${billingAccountId}`;

export const invoiceStream = (invoiceId: string): string =>
  `${streamCategories.invoice}-${invoiceId}`;

/** One stream per numbering series (e.g. `INV-2026`), so numbers are assigned in one order. */
export const invoiceSeriesStream = (series: string): string =>
  `${streamCategories.invoiceSeries}-${series}`;

export const creditNoteSeriesStream = (series: string): string =>
  `${streamCategories.creditNoteSeries}-${series}`;

export const paymentStream = (paymentId: string): string =>
  `${streamCategories.payment}-${paymentId}`;

/**
 * Bank references differ only in case and surrounding or inner blanks between the remittance
 * file and what a coordinator types; both must map to the same stream.
 */
export function normalizeExternalReference(externalReference: string): string {
  return externalReference.replace(/\s+/g, '').toUpperCase();
}

/**
 * The stream that claims one external payment reference for one account. Its id is derived
 * (UUID v5) from the account and the normalized reference, so "has this reference been recorded?"
 * is answered by an append with expected version `'no_stream'`: the second append fails,
 * whatever the races.
 */
export const paymentReferenceStream = (
  billingAccountId: string,
  externalReference: string,
): string =>
  `${streamCategories.paymentReference}-${deriveId(
    'payment-reference',
    billingAccountId,
    normalizeExternalReference(externalReference),
  )}`;
