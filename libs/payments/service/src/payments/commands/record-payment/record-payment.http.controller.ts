import { Body, Controller, Post, Res } from '@nestjs/common';
import { deriveId } from '@billing/kernel';
import { ApiContract, type HttpResponse, RequestContext, Roles } from '@billing/platform';
import { httpCommandContext } from '../../../shared/command-context';
import { PaymentsCommands } from '../../../shared/payments-commands';
import { PaymentView, paymentView } from '../../../shared/payment.view';
import { RecordPaymentDto } from './record-payment.dto';
import { RecordPaymentHandler } from './record-payment.handler';

@Controller('payments')
export class RecordPaymentHttpController {
  constructor(
    private readonly handler: RecordPaymentHandler,
    private readonly commands: PaymentsCommands,
  ) {}

  /** Records the payment and allocates it (remittance, else oldest due first); the rest stays unapplied. */
  @ApiContract({
    operationId: 'recordPayment',
    summary: 'Record a received payment',
    response: PaymentView,
  })
  @Post()
  @Roles('billing-clerk', 'billing-manager')
  async record(@Body() dto: RecordPaymentDto, @Res({ passthrough: true }) res: HttpResponse) {
    const { clock } = this.commands.deps;
    const paymentId = dto.paymentId ?? deriveId(RequestContext.idempotencyKey() ?? '', 'payment');
    const state = await this.handler.execute(
      {
        paymentId,
        billingAccountId: dto.billingAccountId,
        amount: dto.amount,
        currency: dto.currency,
        method: dto.method,
        externalReference: dto.externalReference,
        receivedDate: dto.receivedDate,
        ...(dto.remittance
          ? {
              remittance: dto.remittance.map((r) => ({ invoiceId: r.invoiceId, amount: r.amount })),
            }
          : {}),
        recordedAt: clock.now().toISOString(),
      },
      httpCommandContext(clock, 'record-payment'),
    );
    await this.commands.settle();
    res.setHeader('Location', `/payments/payments/${paymentId}`);
    return paymentView(state);
  }
}
