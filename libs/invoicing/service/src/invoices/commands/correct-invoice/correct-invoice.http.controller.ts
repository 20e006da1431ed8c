import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { planInvoiceCorrection } from '@billing/invoicing-domain';
import { deriveId } from '@billing/kernel';
import { RequestContext, Roles } from '@billing/platform';
import { businessDate, httpCommandContext } from '../../../shared/command-context';
import { IdParams } from '../../../shared/id.params';
import { InvoicingCommands } from '../../../shared/invoicing-commands';
import { assignDocumentNumber } from '../../../shared/numbering';
import { InvoiceContentDto } from '../draft-invoice/draft-invoice.dto';
import { toLineInputs } from '../draft-invoice/invoice-lines.mapper';
import { invoiceView } from '../invoice.view';

@Controller('invoices')
export class CorrectInvoiceHttpController {
  constructor(private readonly commands: InvoicingCommands) {}

  /**
   * A billing-error credit note for the whole original and a new draft naming it, in one command.
   * The plan is decided before anything is written; the original is credited first.
   */
  @Post(':id/correction')
  @HttpCode(201)
  @Roles('billing-manager')
  async correct(@Param() { id }: IdParams, @Body() dto: InvoiceContentDto) {
    const { clock, store } = this.commands.deps;
    const original = await this.commands.loadInvoice(id);
    const key = RequestContext.idempotencyKey() ?? '';
    const issueDate = businessDate(clock);
    const input = (creditNoteNumber: string) => ({
      correctedInvoiceId: deriveId(key, 'corrected-invoice', id),
      creditNoteId: deriveId(key, 'credit-note', id),
      creditNoteNumber,
      issueDate,
      lines: toLineInputs(dto.lines),
      ...(dto.purchaseOrderNumber !== undefined
        ? { purchaseOrderNumber: dto.purchaseOrderNumber }
        : {}),
      ...(dto.memo !== undefined ? { memo: dto.memo } : {}),
      draftedAt: clock.now().toISOString(),
    });
    planInvoiceCorrection(original, input('PENDING')); // refuses before a number is taken
    const context = httpCommandContext(clock, 'correction');
    const firstInput = input('PENDING');
    const number = await assignDocumentNumber(
      store,
      'credit_note',
      firstInput.creditNoteId,
      original.billingAccountId,
      issueDate,
      context,
    );
    const plan = planInvoiceCorrection(original, input(number));
    const credited = await this.commands.invoice(id, plan.original.command, context);
    const corrected = await this.commands.invoice(
      firstInput.correctedInvoiceId,
      plan.corrected.command,
      context,
    );
    await this.commands.settle();
    return {
      creditNoteId: firstInput.creditNoteId,
      creditNoteNumber: number,
      original: invoiceView(credited.state),
      corrected: invoiceView(corrected.state),
    };
  }
}
