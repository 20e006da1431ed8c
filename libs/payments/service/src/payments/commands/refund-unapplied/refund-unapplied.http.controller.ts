import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { deriveId } from '@billing/kernel';
import {
  ApiContract,
  IsCurrencyCode,
  IsDecimalAmount,
  RequestContext,
  Roles,
} from '@billing/platform';
import { httpCommandContext } from '../../../shared/command-context';
import { IdParams } from '../../../shared/id.params';
import { PaymentsCommands } from '../../../shared/payments-commands';
import { paymentView, RefundAnswerView } from '../../../shared/payment.view';

export class RefundUnappliedDto {
  @IsDecimalAmount() amount!: string;
  @IsCurrencyCode() currency!: string;
}

@Controller('payments')
export class RefundUnappliedHttpController {
  constructor(private readonly commands: PaymentsCommands) {}

  @ApiContract({
    operationId: 'refundUnappliedCredit',
    summary: "Refund a payment's unapplied credit",
    response: RefundAnswerView,
  })
  @Post(':id/refunds')
  @HttpCode(201)
  @Roles('billing-manager')
  async refund(
    @Param() { id }: IdParams,
    @Body() dto: RefundUnappliedDto,
  ): Promise<RefundAnswerView> {
    const { clock } = this.commands.deps;
    await this.commands.loadPayment(id);
    const refundId = deriveId(RequestContext.idempotencyKey() ?? '', 'refund', id);
    const result = await this.commands.payment(
      id,
      {
        type: 'RefundUnapplied',
        data: {
          paymentId: id,
          refundId,
          amount: dto.amount,
          currency: dto.currency,
          refundedAt: clock.now().toISOString(),
        },
      },
      httpCommandContext(clock, 'refund'),
    );
    await this.commands.settle();
    return { refundId, payment: paymentView(result.state) };
  }
}
