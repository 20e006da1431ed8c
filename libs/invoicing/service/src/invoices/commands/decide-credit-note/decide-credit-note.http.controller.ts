import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { IsUUID } from 'class-validator';
import { ApiContract, IsFreeText, RequestContext, Roles } from '@billing/platform';
import { businessDate, httpCommandContext } from '../../../shared/command-context';
import { InvoicingCommands } from '../../../shared/invoicing-commands';
import { issueNumbered } from '../../../shared/numbered-document';
import { CreditNoteAnswerView, invoiceView } from '../invoice.view';

export class CreditNoteParams {
  @IsUUID('all', { message: 'must be a UUID' })
  id!: string;

  @IsUUID('all', { message: 'must be a UUID' })
  creditNoteId!: string;
}

export class RejectCreditNoteDto {
  @IsFreeText(2000) reason!: string;
}

/** Maker-checker for credit notes above the approval threshold (see issue-credit-note). */
@Controller('invoices')
export class DecideCreditNoteHttpController {
  constructor(private readonly commands: InvoicingCommands) {}

  /** A billing manager other than the requester: approved, numbered and issued in one append. */
  @ApiContract({
    operationId: 'approveCreditNote',
    summary: 'Approve a credit note awaiting approval',
    response: CreditNoteAnswerView,
  })
  @Post(':id/credit-notes/:creditNoteId/approve')
  @HttpCode(200)
  @Roles('billing-manager')
  async approve(@Param() { id, creditNoteId }: CreditNoteParams): Promise<CreditNoteAnswerView> {
    const { clock, store } = this.commands.deps;
    const invoice = await this.commands.loadInvoice(id);
    const actor = RequestContext.actor();
    const issueDate = businessDate(clock);
    const { number, answer } = await issueNumbered(
      store,
      {
        kind: 'credit_note',
        documentId: creditNoteId,
        billingAccountId: invoice.billingAccountId,
        issueDate,
      },
      httpCommandContext(clock, 'approve-credit-note'),
      async (candidate) => {
        const planned = await this.commands.planInvoice(id, {
          type: 'ApproveCreditNote',
          data: {
            invoiceId: id,
            creditNoteId,
            approvedBy: actor?.id ?? 'unknown',
            approverRoles: [...(actor?.roles ?? [])],
            approvedAt: clock.now().toISOString(),
            number: candidate,
            issueDate,
          },
        });
        return { appends: [planned.append], answer: planned.state };
      },
    );
    await this.commands.settle();
    return { creditNoteId, number, status: 'issued', invoice: invoiceView(answer) };
  }

  @ApiContract({
    operationId: 'rejectCreditNote',
    summary: 'Reject a credit note awaiting approval',
    response: CreditNoteAnswerView,
  })
  @Post(':id/credit-notes/:creditNoteId/reject')
  @HttpCode(200)
  @Roles('billing-manager')
  async reject(
    @Param() { id, creditNoteId }: CreditNoteParams,
    @Body() dto: RejectCreditNoteDto,
  ): Promise<CreditNoteAnswerView> {
    const { clock } = this.commands.deps;
    await this.commands.loadInvoice(id);
    const actor = RequestContext.actor();
    const result = await this.commands.invoice(
      id,
      {
        type: 'RejectCreditNote',
        data: {
          invoiceId: id,
          creditNoteId,
          rejectedBy: actor?.id ?? 'unknown',
          rejectorRoles: [...(actor?.roles ?? [])],
          reason: dto.reason,
          rejectedAt: clock.now().toISOString(),
        },
      },
      httpCommandContext(clock, 'reject-credit-note'),
    );
    await this.commands.settle();
    return { creditNoteId, number: null, status: 'rejected', invoice: invoiceView(result.state) };
  }
}
