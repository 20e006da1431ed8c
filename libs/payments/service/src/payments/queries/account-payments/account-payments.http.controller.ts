import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiContract, AuditedRead, Roles } from '@billing/platform';
import { openInvoicesOf } from '../../../read-models/open-invoices.read-model';
import { IdParams } from '../../../shared/id.params';
import { PAYMENTS_DEPS, type PaymentsDeps } from '../../../shared/payments.deps';
import { paymentColumns } from '../get-payment/get-payment.http.controller';

/** Bound of one answer. */
const paymentsMax = 1_000;

@Controller('billing-accounts')
export class AccountPaymentsHttpController {
  constructor(@Inject(PAYMENTS_DEPS) private readonly deps: PaymentsDeps) {}

  /** The account's payments with their balances, and the invoices payments sees as open. */
  @ApiContract({ operationId: 'listAccountPayments', summary: "List an account's payments" })
  @Get(':id/payments')
  @Roles('billing-clerk', 'billing-manager', 'collections-agent', 'auditor')
  @AuditedRead({ param: 'id' })
  async list(@Param() { id }: IdParams) {
    const { rows } = await this.deps.db.query(
      `SELECT ${paymentColumns} FROM payments_rm.payments WHERE billing_account_id = $1
        ORDER BY received_date, payment_id LIMIT $2`,
      [id, paymentsMax],
    );
    return {
      billingAccountId: id,
      payments: rows,
      openInvoices: await openInvoicesOf(this.deps.db, id),
    };
  }
}
