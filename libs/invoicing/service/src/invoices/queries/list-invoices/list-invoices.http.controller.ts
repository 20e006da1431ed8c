import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiContract, Roles } from '@billing/platform';
import { INVOICING_DEPS, type InvoicingDeps } from '../../../shared/invoicing.deps';
import { InvoiceListView } from './invoice-list-item.view';
import { listInvoices } from './list-invoices.read-model';
import { ListInvoicesQuery } from './list-invoices.query';

@Controller('invoices')
export class ListInvoicesHttpController {
  constructor(@Inject(INVOICING_DEPS) private readonly deps: InvoicingDeps) {}

  /**
   * Invoices across accounts, by due date (drafts last) then id, filtered by account, status,
   * currency, issue and due date ranges and number; `next` continues the list.
   */
  @ApiContract({
    operationId: 'listInvoices',
    summary: 'List and search invoices',
    response: InvoiceListView,
  })
  @Get()
  @Roles('billing-clerk', 'billing-manager', 'collections-agent', 'auditor')
  list(@Query() query: ListInvoicesQuery): Promise<InvoiceListView> {
    return listInvoices(this.deps.db, query);
  }
}
