import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { deriveId } from '@billing/kernel';
import { ApiContract, RequestContext, Roles } from '@billing/platform';
import { httpCommandContext } from '../../../shared/command-context';
import { IdParams } from '../../../shared/id.params';
import { PaymentsCommands } from '../../../shared/payments-commands';
import { invoiceNumbersOf } from './invoice-numbers';

@Controller('payments')
export class IssueConfirmationHttpController {
  constructor(private readonly commands: PaymentsCommands) {}

  /** A receipt on request, even before the payment is fully applied (pending lines marked so). */
  @ApiContract({
    operationId: 'issuePaymentConfirmation',
    summary: 'Issue a payment confirmation (receipt)',
  })
  @Post(':id/confirmation')
  @HttpCode(201)
  @Roles('billing-clerk', 'billing-manager')
  async confirm(@Param() { id }: IdParams) {
    const { clock, db } = this.commands.deps;
    const payment = await this.commands.loadPayment(id);
    const result = await this.commands.payment(
      id,
      {
        type: 'IssuePaymentConfirmation',
        data: {
          paymentId: id,
          confirmationId: deriveId(RequestContext.idempotencyKey() ?? '', 'confirmation', id),
          onRequest: true,
          invoiceNumbers: await invoiceNumbersOf(
            db,
            payment.allocations.map((a) => a.invoiceId),
          ),
          issuedAt: clock.now().toISOString(),
        },
      },
      httpCommandContext(clock, 'confirmation'),
    );
    await this.commands.settle();
    const issued = result.events.find((e) => e.type === 'PaymentConfirmationIssued');
    return issued?.data ?? { paymentId: id, confirmationIds: result.state.confirmationIds };
  }
}
