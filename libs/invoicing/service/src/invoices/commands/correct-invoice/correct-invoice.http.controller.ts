import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { planInvoiceCorrection } from '@billing/invoicing-domain';
import { deriveId } from '@billing/kernel';
import { ApiContract, RequestContext, Roles } from '@billing/platform';
import { businessDate, httpCommandContext } from '../../../shared/command-context';
import { IdParams } from '../../../shared/id.params';
import { InvoicingCommands } from '../../../shared/invoicing-commands';
import { issueNumbered } from '../../../shared/numbered-document';
import { InvoiceContentDto } from '../draft-invoice/draft-invoice.dto';
import { toLineInputs } from '../draft-invoice/invoice-lines.mapper';
import { InvoiceCorrectionView, invoiceView } from '../invoice.view';

@Controller('invoices')
export class CorrectInvoiceHttpController {
  constructor(private readonly commands: InvoicingCommands) {}

  /**
   * A billing-error credit note for the whole original and a new draft naming it, in one command.
   * The plan is decided before anything is written; the original is credited first.
   */
  @ApiContract({
    operationId: 'correctInvoice',
    summary: 'Credit an invoice in full and draft its corrected copy',
    response: InvoiceCorrectionView,
  })
  @Post(':id/correction')
  @HttpCode(201)
  @Roles('billing-manager')
  async correct(
    @Param() { id }: IdParams,
    @Body() dto: InvoiceContentDto,
  ): Promise<InvoiceCorrectionView> {
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
    const { creditNoteId, correctedInvoiceId } = input('PENDING');
    // The credit note, its number and the corrected draft in one append: all of them or nothing.
    const { number, answer } = await issueNumbered(
      store,
      {
        kind: 'credit_note',
        documentId: creditNoteId,
        billingAccountId: original.billingAccountId,
        issueDate,
      },
      httpCommandContext(clock, 'correction'),
      async (creditNoteNumber) => {
        const plan = planInvoiceCorrection(
          await this.commands.loadInvoice(id),
          input(creditNoteNumber),
        );
        const credited = await this.commands.planInvoice(id, plan.original.command);
        const corrected = await this.commands.planInvoice(
          correctedInvoiceId,
          plan.corrected.command,
        );
        return {
          appends: [credited.append, corrected.append],
          answer: { original: credited.state, corrected: corrected.state },
        };
      },
    );
    await this.commands.settle();
    return {
      creditNoteId,
      creditNoteNumber: number,
      original: invoiceView(answer.original),
      corrected: invoiceView(answer.corrected),
    };
  }
}
