import { Body, Controller, Post, Res } from '@nestjs/common';
import { deriveId, DomainError } from '@billing/kernel';
import { ApiContract, type HttpResponse, RequestContext, Roles } from '@billing/platform';
import { httpCommandContext } from '../../../shared/command-context';
import { InvoicingCommands } from '../../../shared/invoicing-commands';
import { InvoiceView, invoiceView } from '../invoice.view';
import { DraftInvoiceDto } from './draft-invoice.dto';
import { toLineInputs } from './invoice-lines.mapper';

@Controller('invoices')
export class DraftInvoiceHttpController {
  constructor(private readonly commands: InvoicingCommands) {}

  @ApiContract({ operationId: 'draftInvoice', summary: 'Draft an invoice', response: InvoiceView })
  @Post()
  @Roles('billing-clerk', 'billing-manager')
  async draft(@Body() dto: DraftInvoiceDto, @Res({ passthrough: true }) res: HttpResponse) {
    const { clock } = this.commands.deps;
    const account = await this.commands.loadAccount(dto.billingAccountId);
    if (account.details && account.details.currency !== dto.currency) {
      throw new DomainError(
        'CURRENCY_MISMATCH',
        `The account invoices in ${account.details.currency}, not ${dto.currency}`,
        'invalid',
        [
          {
            field: 'currency',
            reason: `must be the account's currency ${account.details.currency}`,
          },
        ],
      );
    }
    const id = dto.invoiceId ?? deriveId(RequestContext.idempotencyKey() ?? '', 'invoice');
    const result = await this.commands.invoice(
      id,
      {
        type: 'DraftInvoice',
        data: {
          invoiceId: id,
          billingAccountId: dto.billingAccountId,
          currency: dto.currency,
          lines: toLineInputs(dto.lines),
          ...(dto.purchaseOrderNumber !== undefined
            ? { purchaseOrderNumber: dto.purchaseOrderNumber }
            : {}),
          ...(dto.memo !== undefined ? { memo: dto.memo } : {}),
          draftedAt: clock.now().toISOString(),
        },
      },
      httpCommandContext(clock, 'draft'),
    );
    await this.commands.settle();
    res.setHeader('Location', `/invoicing/invoices/${id}`);
    return invoiceView(result.state);
  }
}
