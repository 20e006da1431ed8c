import { Body, Controller, Param, Post, Res } from '@nestjs/common';
import { deriveId } from '@billing/kernel';
import { ApiContract, type HttpResponse, RequestContext, Roles } from '@billing/platform';
import { CollectionsCommands } from '../../../shared/collections-commands';
import { CollectionsProjections } from '../../../read-models/collections-projections';
import { businessDate, httpCommandContext } from '../../../shared/command-context';
import { IdParams } from '../../../shared/id.params';
import { MakePromiseToPayDto } from './make-promise-to-pay.dto';
import { MakePromiseToPayHandler } from './make-promise-to-pay.handler';
import { PromiseToPayView } from './promise-to-pay.view';

@Controller('billing-accounts')
export class MakePromiseToPayHttpController {
  constructor(
    private readonly handler: MakePromiseToPayHandler,
    private readonly commands: CollectionsCommands,
    private readonly projections: CollectionsProjections,
  ) {}

  /**
   * The customer promised to pay `amount` by `date` for these invoices: dunning pauses on them
   * until then. Kept as soon as the payments arrive, broken by the scheduler after the date.
   * Every invoice is checked before anything is recorded.
   */
  @ApiContract({
    operationId: 'makePromiseToPay',
    summary: 'Record a promise to pay',
    response: PromiseToPayView,
  })
  @Post(':id/promises-to-pay')
  @Roles('collections-agent', 'billing-manager')
  async make(
    @Param() { id: billingAccountId }: IdParams,
    @Body() dto: MakePromiseToPayDto,
    @Res({ passthrough: true }) res: HttpResponse,
  ): Promise<PromiseToPayView> {
    const { clock } = this.commands.deps;
    const today = businessDate(clock);
    const promiseId = deriveId(RequestContext.idempotencyKey() ?? '', 'promise-to-pay');
    const decision = await this.handler.execute(
      billingAccountId,
      {
        promiseId,
        amount: dto.amount,
        ...(dto.currency !== undefined ? { currency: dto.currency } : {}),
        date: dto.date,
        today,
        madeBy: RequestContext.actor()?.id ?? 'unknown',
        invoices: dto.invoices.map(({ invoiceId, amount }) => ({
          invoiceId,
          ...(amount !== undefined ? { amount } : {}),
        })),
      },
      httpCommandContext(clock, 'promise-to-pay'),
    );
    await this.projections.settle();
    res.setHeader('Location', `/collections/billing-accounts/${billingAccountId}/status`);
    return {
      promiseId,
      billingAccountId,
      amount: decision.amount,
      currency: decision.currency,
      date: dto.date,
      madeOn: today,
      invoices: decision.invoices.map(({ invoiceId, invoiceNumber, amount }) => ({
        invoiceId,
        invoiceNumber,
        amount,
      })),
    };
  }
}
