import { getJson } from './client';

export interface ReviewProblem {
  code: string;
  field: string;
  message: string;
}

export interface InvoiceDetail {
  invoiceId: string;
  billingAccountId: string;
  number: string | null;
  status: string;
  currency: string;
  subtotal: string;
  taxTotal: string;
  total: string;
  amountOpen: string;
  issueDate: string | null;
  dueDate: string | null;
  purchaseOrderNumber: string | null;
  correctsInvoiceId: string | null;
  lines: Array<{
    lineId: string;
    description: string;
    quantity: string;
    unitPrice: string;
    taxRate: string;
    net: string;
    tax: string;
    total: string;
  }>;
  lastReview: { ready: boolean; problems: ReviewProblem[] } | null;
  creditNotes: Array<{
    creditNoteId: string;
    number: string;
    issueDate: string;
    amount: string;
    reason: string;
    memo: string | null;
  }>;
  history: Array<{
    version: number;
    type: string;
    occurredAt: string;
    recordedAt: string;
    actorId: string;
    correlationId: string;
  }>;
}

export function getInvoice(id: string) {
  return getJson<InvoiceDetail>(`/invoicing/invoices/${encodeURIComponent(id)}`);
}
