import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { IsIn } from 'class-validator';
import { ApiContract, IsSingleLineText, Roles } from '@billing/platform';
import { httpCommandContext } from '../../../shared/command-context';
import { IdParams } from '../../../shared/id.params';
import { InvoicingCommands } from '../../../shared/invoicing-commands';
import { InvoiceView, invoiceView } from '../invoice.view';

export class MarkInvoiceSentDto {
  @IsIn(['email', 'post', 'portal']) channel!: 'email' | 'post' | 'portal';
  @IsSingleLineText(320) recipient!: string;
}

@Controller('invoices')
export class MarkInvoiceSentHttpController {
  constructor(private readonly commands: InvoicingCommands) {}

  @ApiContract({
    operationId: 'markInvoiceSent',
    summary: 'Record that an invoice was sent',
    response: InvoiceView,
  })
  @Post(':id/sent')
  @HttpCode(200)
  @Roles('billing-clerk', 'billing-manager')
  async markSent(@Param() { id }: IdParams, @Body() dto: MarkInvoiceSentDto) {
    const { clock } = this.commands.deps;
    await this.commands.loadInvoice(id);
    const result = await this.commands.invoice(
      id,
      {
        type: 'MarkInvoiceSent',
        data: { invoiceId: id, ...dto, sentAt: clock.now().toISOString() },
      },
      httpCommandContext(clock, 'sent'),
    );
    await this.commands.settle();
    return invoiceView(result.state);
  }
}
