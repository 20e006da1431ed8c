import { Body, Controller, Param, Put } from '@nestjs/common';
import { ApiContract, Roles } from '@billing/platform';
import { httpCommandContext } from '../../../shared/command-context';
import { IdParams } from '../../../shared/id.params';
import { InvoicingCommands } from '../../../shared/invoicing-commands';
import { InvoiceContentDto } from '../draft-invoice/draft-invoice.dto';
import { toLineInputs } from '../draft-invoice/invoice-lines.mapper';
import { InvoiceView, invoiceView } from '../invoice.view';

@Controller('invoices')
export class UpdateDraftHttpController {
  constructor(private readonly commands: InvoicingCommands) {}

  /** Replaces the draft's lines, purchase order and memo. */
  @ApiContract({
    operationId: 'updateDraftInvoice',
    summary: "Replace a draft invoice's lines and references",
    response: InvoiceView,
  })
  @Put(':id')
  @Roles('billing-clerk', 'billing-manager')
  async update(@Param() { id }: IdParams, @Body() dto: InvoiceContentDto) {
    const { clock } = this.commands.deps;
    await this.commands.loadInvoice(id);
    const result = await this.commands.invoice(
      id,
      {
        type: 'UpdateDraft',
        data: {
          invoiceId: id,
          lines: toLineInputs(dto.lines),
          ...(dto.purchaseOrderNumber !== undefined
            ? { purchaseOrderNumber: dto.purchaseOrderNumber }
            : {}),
          ...(dto.memo !== undefined ? { memo: dto.memo } : {}),
          updatedAt: clock.now().toISOString(),
        },
      },
      httpCommandContext(clock, 'update-draft'),
    );
    await this.commands.settle();
    return invoiceView(result.state);
  }
}
