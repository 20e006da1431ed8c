import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiContract, IsFreeText, Roles } from '@billing/platform';
import { httpCommandContext } from '../../../shared/command-context';
import { IdParams } from '../../../shared/id.params';
import { PaymentsCommands } from '../../../shared/payments-commands';
import { PaymentView, paymentView } from '../../../shared/payment.view';

export class ReversePaymentDto {
  @IsFreeText(500) reason!: string;
}

@Controller('payments')
export class ReversePaymentHttpController {
  constructor(private readonly commands: PaymentsCommands) {}

  /** The payment bounced: every allocation is reversed by invoicing, the unapplied part released. */
  @ApiContract({
    operationId: 'reversePayment',
    summary: 'Reverse a bounced payment',
    response: PaymentView,
  })
  @Post(':id/reverse')
  @HttpCode(200)
  @Roles('billing-manager')
  async reverse(@Param() { id }: IdParams, @Body() dto: ReversePaymentDto) {
    const { clock } = this.commands.deps;
    await this.commands.loadPayment(id);
    const result = await this.commands.payment(
      id,
      {
        type: 'ReversePayment',
        data: { paymentId: id, reason: dto.reason, reversedAt: clock.now().toISOString() },
      },
      httpCommandContext(clock, 'reverse'),
    );
    await this.commands.settle();
    return paymentView(result.state);
  }
}
