import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiContract, Roles } from '@billing/platform';
import { PAYMENTS_DEPS, type PaymentsDeps } from '../../../shared/payments.deps';
import { PaymentListView } from './payment-list-item.view';
import { listPayments } from './list-payments.read-model';
import { ListPaymentsQuery } from './list-payments.query';

@Controller('payments')
export class ListPaymentsHttpController {
  constructor(@Inject(PAYMENTS_DEPS) private readonly deps: PaymentsDeps) {}

  /**
   * Payments across accounts, by received date then id, filtered by account, status, received
   * date range, bank reference, currency, method and whether money is left unapplied.
   */
  @ApiContract({
    operationId: 'listPayments',
    summary: 'List and search payments',
    response: PaymentListView,
  })
  @Get()
  @Roles('billing-clerk', 'billing-manager', 'collections-agent', 'auditor')
  list(@Query() query: ListPaymentsQuery): Promise<PaymentListView> {
    return listPayments(this.deps.db, query);
  }
}
