import { drawField, drawTable, renderPdf, type PdfDoc } from '@billing/platform';
import type { InvoiceDetailView } from '../get-invoice/invoice-detail.view';

/**
 * The invoice as a PDF: the figures of its JSON view (`GET /invoicing/invoices/{id}`), amounts
 * as the same decimal strings, dated by its issue date (a draft by the day it was drafted), so
 * one state of the invoice always gives the same bytes.
 */
export function invoicePdf(invoice: InvoiceDetailView, options: { compress?: boolean } = {}) {
  return renderPdf(
    {
      title: titleOf(invoice),
      createdAt: new Date(`${businessDateOf(invoice)}T00:00:00Z`),
      ...options,
    },
    (doc) => drawInvoice(doc, invoice),
  );
}

export function invoicePdfFileName(invoice: InvoiceDetailView): string {
  return `${invoice.number ?? `draft-${invoice.invoiceId}`}.pdf`;
}

function titleOf(invoice: InvoiceDetailView): string {
  return invoice.number ? `Invoice ${invoice.number}` : 'Draft invoice (not issued)';
}

function businessDateOf(invoice: InvoiceDetailView): string {
  return invoice.issueDate ?? invoice.history[0]?.occurredAt.slice(0, 10) ?? '1970-01-01';
}

function drawInvoice(doc: PdfDoc, invoice: InvoiceDetailView): void {
  doc.font('Helvetica-Bold').fontSize(18).text(titleOf(invoice));
  doc.moveDown(0.5);
  drawField(doc, 'Status', invoice.status.replace('_', ' '));
  drawField(doc, 'Billing account', invoice.billingAccountId);
  drawField(doc, 'Issue date', invoice.issueDate ?? 'not issued');
  drawField(doc, 'Due date', invoice.dueDate ?? 'not issued');
  if (invoice.purchaseOrderNumber) drawField(doc, 'Purchase order', invoice.purchaseOrderNumber);
  if (invoice.correctsInvoiceId) drawField(doc, 'Corrects invoice', invoice.correctsInvoiceId);
  if (invoice.memo) drawField(doc, 'Memo', invoice.memo);
  doc.moveDown();
  drawTable(
    doc,
    [
      { header: 'Description', width: 0.34 },
      { header: 'Quantity', width: 0.1, align: 'right' },
      { header: 'Unit price', width: 0.12, align: 'right' },
      { header: 'Tax rate', width: 0.08, align: 'right' },
      { header: 'Net', width: 0.12, align: 'right' },
      { header: 'Tax', width: 0.1, align: 'right' },
      { header: 'Total', width: 0.14, align: 'right' },
    ],
    invoice.lines.map((l) => [
      l.description,
      l.quantity,
      l.unitPrice,
      l.taxRate,
      l.net,
      l.tax,
      l.total,
    ]),
  );
  doc.moveDown();
  drawField(doc, 'Subtotal', `${invoice.subtotal} ${invoice.currency}`);
  drawField(doc, 'Tax', `${invoice.taxTotal} ${invoice.currency}`);
  drawField(doc, 'Total', `${invoice.total} ${invoice.currency}`);
  drawAdjustments(doc, invoice);
  if (invoice.amountOpen !== null)
    drawField(doc, 'Amount open', `${invoice.amountOpen} ${invoice.currency}`);
}

/** Credit notes and write-offs, which lower what is open besides payments. */
function drawAdjustments(doc: PdfDoc, invoice: InvoiceDetailView): void {
  if (invoice.creditNotes.length > 0) {
    doc.moveDown();
    drawTable(
      doc,
      [
        { header: 'Credit note', width: 0.25 },
        { header: 'Date', width: 0.15 },
        { header: 'Reason', width: 0.4 },
        { header: 'Amount', width: 0.2, align: 'right' },
      ],
      invoice.creditNotes.map((c) => [
        c.number,
        c.issueDate,
        c.memo ? `${c.reason}: ${c.memo}` : c.reason,
        c.amount,
      ]),
    );
  }
  if (invoice.writeOffs.length > 0) {
    doc.moveDown();
    drawTable(
      doc,
      [
        { header: 'Write-off', width: 0.4 },
        { header: 'Written off at', width: 0.4 },
        { header: 'Amount', width: 0.2, align: 'right' },
      ],
      invoice.writeOffs.map((w) => [w.reason, w.writtenOffAt, w.amount]),
    );
  }
  doc.moveDown();
}
