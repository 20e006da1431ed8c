import { Controller, Get, Inject, Param } from '@nestjs/common';
import { DomainError } from '@billing/kernel';
import { ApiContract, AuditedRead, Roles } from '@billing/platform';
import { IdParams } from '../../../shared/id.params';
import { PAYMENTS_DEPS, type PaymentsDeps } from '../../../shared/payments.deps';

export const paymentColumns = `payment_id AS "paymentId", billing_account_id AS "billingAccountId", currency, amount,
  applied, pending, unapplied, refunded, reversed, charged_back AS "chargedBack", status, method, external_reference AS "externalReference",
  received_date AS "receivedDate", allocations, confirmation`;

@Controller('payments')
export class GetPaymentHttpController {
  constructor(@Inject(PAYMENTS_DEPS) private readonly deps: PaymentsDeps) {}

  @ApiContract({ operationId: 'getPayment', summary: 'Read a payment' })
  @Get(':id')
  @Roles('billing-clerk', 'billing-manager', 'collections-agent', 'auditor')
  @AuditedRead({ responseField: 'billingAccountId' })
  async get(@Param() { id }: IdParams) {
    const { rows } = await this.deps.db.query(
      `SELECT ${paymentColumns} FROM payments_rm.payments WHERE payment_id = $1`,
      [id],
    );
    if (!rows[0])
      throw new DomainError('PAYMENT_NOT_FOUND', `Payment ${id} does not exist`, 'not_found');
    return rows[0];
  }
}
