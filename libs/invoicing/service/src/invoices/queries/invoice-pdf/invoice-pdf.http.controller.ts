import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiContract, AuditedRead, PdfFile, Roles } from '@billing/platform';
import { IdParams } from '../../../shared/id.params';
import { INVOICING_DEPS, type InvoicingDeps } from '../../../shared/invoicing.deps';
import { readInvoiceDetail } from '../get-invoice/invoice-detail.read-model';
import { invoicePdf, invoicePdfFileName } from './invoice.pdf';

@Controller('invoices')
export class InvoicePdfHttpController {
  constructor(@Inject(INVOICING_DEPS) private readonly deps: InvoicingDeps) {}

  /** The printable invoice, produced by the server from the same read as its JSON view. */
  @ApiContract({
    operationId: 'getInvoicePdf',
    summary: 'Read an invoice as a PDF',
    description:
      'The lines, totals, credit notes, write-offs and open amount of `GET /invoicing/invoices/{id}`, amounts as the same decimal strings. Dated by the issue date (a draft by the day it was drafted): the same invoice state gives the same bytes.',
    media: 'application/pdf',
  })
  @Get(':id/pdf')
  @Roles('billing-clerk', 'billing-manager', 'collections-agent', 'auditor')
  @AuditedRead({ responseField: 'billingAccountId' })
  async pdf(@Param() { id }: IdParams): Promise<PdfFile> {
    const invoice = await readInvoiceDetail(this.deps.db, id);
    return new PdfFile(
      await invoicePdf(invoice),
      invoicePdfFileName(invoice),
      invoice.billingAccountId,
    );
  }
}
