import { Controller, Get, Inject, Param } from '@nestjs/common';
import type { PaymentPlanState } from '@billing/collections-domain';
import { DomainError } from '@billing/kernel';
import { ApiContract, AuditedRead, Roles } from '@billing/platform';
import { COLLECTIONS_DEPS, type CollectionsDeps } from '../../../shared/collections.deps';
import { IdParams } from '../../../shared/id.params';
import { PaymentPlanView, paymentPlanView } from '../../payment-plan.view';

@Controller('payment-plans')
export class GetPaymentPlanHttpController {
  constructor(@Inject(COLLECTIONS_DEPS) private readonly deps: CollectionsDeps) {}

  /** The plan with each instalment: due date, amount, what was paid and when, missed or not. */
  @ApiContract({
    operationId: 'getPaymentPlan',
    summary: 'Read a payment plan',
    response: PaymentPlanView,
  })
  @Get(':id')
  @Roles('collections-agent', 'billing-manager', 'billing-clerk', 'auditor')
  @AuditedRead({ responseField: 'billingAccountId' })
  async get(@Param() { id }: IdParams): Promise<PaymentPlanView> {
    const { rows } = await this.deps.db.query<{ state: PaymentPlanState | string }>(
      'SELECT state FROM collections_rm.payment_plans WHERE plan_id = $1',
      [id],
    );
    const row = rows[0];
    if (!row)
      throw new DomainError('PLAN_NOT_FOUND', `Payment plan ${id} does not exist`, 'not_found');
    return paymentPlanView(typeof row.state === 'string' ? JSON.parse(row.state) : row.state);
  }
}
