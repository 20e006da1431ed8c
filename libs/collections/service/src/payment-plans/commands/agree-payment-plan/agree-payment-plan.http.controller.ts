import { Body, Controller, Param, Post, Res } from '@nestjs/common';
import { plannedInvoices } from '@billing/collections-domain';
import { deriveId } from '@billing/kernel';
import { ApiContract, type HttpResponse, RequestContext, Roles } from '@billing/platform';
import { caughtUpWithin } from '@billing/read-models';
import { CollectionsProjections } from '../../../read-models/collections-projections';
import { accountCases } from '../../../shared/account-cases';
import { CollectionsCommands } from '../../../shared/collections-commands';
import { businessDate, httpCommandContext } from '../../../shared/command-context';
import { IdParams } from '../../../shared/id.params';
import { PlanCoverageProcess } from '../../plan-coverage.process';
import { PaymentPlanView, paymentPlanView } from '../../payment-plan.view';
import { AgreePaymentPlanDto } from './agree-payment-plan.dto';

@Controller('billing-accounts')
export class AgreePaymentPlanHttpController {
  constructor(
    private readonly commands: CollectionsCommands,
    private readonly projections: CollectionsProjections,
    private readonly planCoverage: PlanCoverageProcess,
  ) {}

  /**
   * Agrees instalments over the open amount of the chosen invoices. Dunning leaves the covered
   * amount alone while the plan holds; a missed instalment (late past the grace days) breaks it
   * and dunning resumes on what is still unpaid.
   */
  @ApiContract({
    operationId: 'agreePaymentPlan',
    summary: 'Agree a payment plan in instalments',
    response: PaymentPlanView,
  })
  @Post(':id/payment-plans')
  @Roles('collections-agent', 'billing-manager')
  async agree(
    @Param() { id: billingAccountId }: IdParams,
    @Body() dto: AgreePaymentPlanDto,
    @Res({ passthrough: true }) res: HttpResponse,
  ): Promise<PaymentPlanView> {
    const { clock } = this.commands.deps;
    const { cases, currency } = await accountCases(
      this.commands,
      billingAccountId,
      dto.invoices.map((invoice) => invoice.invoiceId),
    );
    const { invoices, total } = plannedInvoices(
      dto.invoices.map((invoice) => invoice.amount),
      cases,
      currency,
    );
    const planId = deriveId(RequestContext.idempotencyKey() ?? '', 'payment-plan');
    const result = await this.commands.plan(
      planId,
      {
        type: 'AgreePaymentPlan',
        data: {
          planId,
          billingAccountId,
          currency,
          invoices,
          total,
          ...(dto.schedule ? { schedule: { ...dto.schedule } } : {}),
          ...(dto.instalments ? { instalments: dto.instalments.map((i) => ({ ...i })) } : {}),
          today: businessDate(clock),
          agreedBy: RequestContext.actor()?.id ?? 'unknown',
        },
      },
      httpCommandContext(clock, 'agree-payment-plan'),
    );
    // The invoices are put under the plan by the plan process; answer once they are.
    await caughtUpWithin(this.planCoverage, this.commands.deps.readModelWaitMs ?? 5_000);
    await this.projections.settle();
    res.setHeader('Location', `/collections/payment-plans/${planId}`);
    return paymentPlanView(result.state);
  }
}
