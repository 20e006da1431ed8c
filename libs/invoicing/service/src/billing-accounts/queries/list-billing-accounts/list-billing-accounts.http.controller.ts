import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiContract, AuditedRead, Roles } from '@billing/platform';
import { INVOICING_DEPS, type InvoicingDeps } from '../../../shared/invoicing.deps';
import { BillingAccountListView } from './billing-account-list-item.view';
import { listBillingAccounts } from './list-billing-accounts.read-model';
import { ListBillingAccountsQuery } from './list-billing-accounts.query';

@Controller('billing-accounts')
export class ListBillingAccountsHttpController {
  constructor(@Inject(INVOICING_DEPS) private readonly deps: InvoicingDeps) {}

  /**
   * Billing accounts by legal name (case ignored) then id, filtered by name prefix, status,
   * verification state, credit hold and currency. The page shows legal names (personal data), so
   * each account on it is recorded in the access log as read by the caller.
   */
  @ApiContract({
    operationId: 'listBillingAccounts',
    summary: 'List and search billing accounts',
    response: BillingAccountListView,
  })
  @Get()
  @Roles('billing-clerk', 'billing-manager', 'collections-agent', 'auditor')
  @AuditedRead({ responseList: 'items', itemField: 'billingAccountId' })
  list(@Query() query: ListBillingAccountsQuery): Promise<BillingAccountListView> {
    return listBillingAccounts(this.deps.db, query);
  }
}
