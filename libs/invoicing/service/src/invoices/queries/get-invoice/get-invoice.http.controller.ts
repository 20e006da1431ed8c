import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiContract, AuditedRead, Roles } from '@billing/platform';
import { IdParams } from '../../../shared/id.params';
import { INVOICING_DEPS, type InvoicingDeps } from '../../../shared/invoicing.deps';
import { InvoiceDetailView } from './invoice-detail.view';
import { readInvoiceDetail } from './invoice-detail.read-model';

@Controller('invoices')
export class GetInvoiceHttpController {
  constructor(@Inject(INVOICING_DEPS) private readonly deps: InvoicingDeps) {}

  /**
   * The invoice with lines, totals, tax, open amount, credit notes, write-offs and its history,
   * from the read model.
   */
  @ApiContract({
    operationId: 'getInvoice',
    summary: 'Read an invoice with its history',
    response: InvoiceDetailView,
  })
  @Get(':id')
  @Roles('billing-clerk', 'billing-manager', 'collections-agent', 'auditor')
  @AuditedRead({ responseField: 'billingAccountId' })
  async get(@Param() { id }: IdParams): Promise<InvoiceDetailView> {
    return readInvoiceDetail(this.deps.db, id);
  }
}
