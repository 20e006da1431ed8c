import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsOptional, ValidateNested } from 'class-validator';
import { ApiContract, Roles } from '@billing/platform';
import { openInvoicesOf } from '../../../read-models/open-invoices.read-model';
import { httpCommandContext } from '../../../shared/command-context';
import { IdParams } from '../../../shared/id.params';
import { PaymentsCommands } from '../../../shared/payments-commands';
import { PaymentView, paymentView } from '../../../shared/payment.view';
import { RemittanceLineDto } from '../record-payment/record-payment.dto';

export class AllocatePaymentDto {
  /** Exactly these invoices and amounts; absent: the unapplied balance, oldest due first. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => RemittanceLineDto)
  instructions?: RemittanceLineDto[];
}

@Controller('payments')
export class AllocatePaymentHttpController {
  constructor(private readonly commands: PaymentsCommands) {}

  @ApiContract({
    operationId: 'allocatePayment',
    summary: 'Apply a payment to invoices',
    response: PaymentView,
  })
  @Post(':id/allocations')
  @HttpCode(200)
  @Roles('billing-clerk', 'billing-manager')
  async allocate(@Param() { id }: IdParams, @Body() dto: AllocatePaymentDto) {
    const { clock, db } = this.commands.deps;
    const payment = await this.commands.loadPayment(id);
    const openInvoices = await openInvoicesOf(db, payment.billingAccountId);
    const result = await this.commands.payment(
      id,
      {
        type: 'AllocatePayment',
        data: {
          paymentId: id,
          openInvoices,
          ...(dto.instructions
            ? {
                instructions: dto.instructions.map((i) => ({
                  invoiceId: i.invoiceId,
                  amount: i.amount,
                })),
              }
            : {}),
          allocatedAt: clock.now().toISOString(),
        },
      },
      httpCommandContext(clock, 'allocate'),
    );
    await this.commands.settle();
    return paymentView(result.state);
  }
}
