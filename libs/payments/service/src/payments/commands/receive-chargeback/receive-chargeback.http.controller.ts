import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { deriveId } from '@billing/kernel';
import { ApiContract, RequestContext, Roles } from '@billing/platform';
import { httpCommandContext } from '../../../shared/command-context';
import { IdParams } from '../../../shared/id.params';
import { PaymentsCommands } from '../../../shared/payments-commands';
import { ChargebackAnswerView, paymentView } from '../../../shared/payment.view';
import { ReceiveChargebackDto } from './receive-chargeback.dto';

@Controller('payments')
export class ReceiveChargebackHttpController {
  constructor(private readonly commands: PaymentsCommands) {}

  /**
   * The bank or card network took back part of the payment. Unapplied credit goes first, then
   * the most recently applied invoices: each reopens by its part (invoicing) and gets a dispute
   * (disputes), so collections holds the contested amount instead of chasing it.
   */
  @ApiContract({
    operationId: 'receiveChargeback',
    summary: 'Record a chargeback on a payment',
    response: ChargebackAnswerView,
  })
  @Post(':id/chargebacks')
  @HttpCode(201)
  @Roles('billing-manager')
  async receive(
    @Param() { id }: IdParams,
    @Body() dto: ReceiveChargebackDto,
  ): Promise<ChargebackAnswerView> {
    const { clock } = this.commands.deps;
    await this.commands.loadPayment(id);
    const chargebackId = deriveId(RequestContext.idempotencyKey() ?? '', 'chargeback', id);
    const result = await this.commands.payment(
      id,
      {
        type: 'ReceiveChargeback',
        data: {
          paymentId: id,
          chargebackId,
          chargebackReference: dto.chargebackReference,
          amount: dto.amount,
          currency: dto.currency,
          reasonCode: dto.reasonCode,
          ...(dto.reasonDescription ? { reasonDescription: dto.reasonDescription } : {}),
          receivedAt: clock.now().toISOString(),
        },
      },
      httpCommandContext(clock, 'chargeback'),
    );
    await this.commands.settle();
    return { chargebackId, payment: paymentView(result.state) };
  }
}
