import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiContract, IsFreeText, Roles } from '@billing/platform';
import { httpCommandContext } from '../../../shared/command-context';
import { IdParams } from '../../../shared/id.params';
import { InvoicingCommands } from '../../../shared/invoicing-commands';
import { InvoiceView, invoiceView } from '../invoice.view';

export class VoidInvoiceDto {
  @IsFreeText(500) reason!: string;
}

@Controller('invoices')
export class VoidInvoiceHttpController {
  constructor(private readonly commands: InvoicingCommands) {}

  @ApiContract({
    operationId: 'voidInvoice',
    summary: 'Void an issued, unpaid invoice',
    response: InvoiceView,
  })
  @Post(':id/void')
  @HttpCode(200)
  @Roles('billing-manager')
  async void(@Param() { id }: IdParams, @Body() dto: VoidInvoiceDto) {
    const { clock } = this.commands.deps;
    await this.commands.loadInvoice(id);
    const result = await this.commands.invoice(
      id,
      {
        type: 'VoidInvoice',
        data: { invoiceId: id, reason: dto.reason, voidedAt: clock.now().toISOString() },
      },
      httpCommandContext(clock, 'void'),
    );
    await this.commands.settle();
    return invoiceView(result.state);
  }
}
