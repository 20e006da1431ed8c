import type { Answer } from './answers';
import { getJson } from './client';

/** An invoice with its lines, review, credit notes and history (see answers.ts). */
export type InvoiceDetail = Answer<'/invoicing/invoices/{id}'>;
export type InvoiceCorrection = Answer<'/invoicing/invoices/{id}/correction', 'post'>;
export type ReviewResult = Answer<'/invoicing/invoices/{id}/review', 'post'>;

export function getInvoice(id: string) {
  return getJson<InvoiceDetail>(`/invoicing/invoices/${encodeURIComponent(id)}`);
}
