import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiContract, Roles } from '@billing/platform';
import { INVOICING_DEPS, type InvoicingDeps } from '../../../shared/invoicing.deps';
import { CreditNoteListView } from './credit-note-list-item.view';
import { listCreditNotes } from './list-credit-notes.read-model';
import { ListCreditNotesQuery } from './list-credit-notes.query';

@Controller('credit-notes')
export class ListCreditNotesHttpController {
  constructor(@Inject(INVOICING_DEPS) private readonly deps: InvoicingDeps) {}

  /**
   * Credit notes across accounts (issued, pending approval, rejected), by issue date then id,
   * filtered by account, invoice, status, reason, currency, issue date range and number.
   */
  @ApiContract({
    operationId: 'listCreditNotes',
    summary: 'List and search credit notes',
    response: CreditNoteListView,
  })
  @Get()
  @Roles('billing-clerk', 'billing-manager', 'collections-agent', 'auditor')
  list(@Query() query: ListCreditNotesQuery): Promise<CreditNoteListView> {
    return listCreditNotes(this.deps.db, query);
  }
}
