import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { type CreditNoteScope, type InvoiceCommand } from '@billing/invoicing-domain';
import { deriveId, DomainError } from '@billing/kernel';
import {
  ApiContract,
  chosenBusinessDate,
  RequestContext,
  Roles,
  type HttpResponse,
} from '@billing/platform';
import {
  creditNoteApprovalFromEnv,
  creditNoteApprovalThresholdIn,
} from '../../../shared/credit-note-approval.settings';
import { httpCommandContext } from '../../../shared/command-context';
import { IdParams } from '../../../shared/id.params';
import { InvoicingCommands } from '../../../shared/invoicing-commands';
import { issueNumbered } from '../../../shared/numbered-document';
import { CreditNoteAnswerView, invoiceView } from '../invoice.view';
import { IssueCreditNoteDto } from './issue-credit-note.dto';

@Controller('invoices')
export class IssueCreditNoteHttpController {
  constructor(private readonly commands: InvoicingCommands) {}

  @ApiContract({
    operationId: 'issueCreditNote',
    summary: 'Credit an invoice (in whole or part)',
    response: CreditNoteAnswerView,
    otherAnswers: [
      {
        status: 202,
        description: 'Above the approval threshold: recorded, awaiting a billing manager',
      },
    ],
  })
  @Post(':id/credit-notes')
  @HttpCode(201)
  @Roles('billing-manager')
  async credit(
    @Param() { id }: IdParams,
    @Body() dto: IssueCreditNoteDto,
    @Res({ passthrough: true }) res: HttpResponse,
  ): Promise<CreditNoteAnswerView> {
    const { clock, store, env } = this.commands.deps;
    refuseDisputeReference(dto);
    const invoice = await this.commands.loadInvoice(id);
    const creditNoteId = deriveId(RequestContext.idempotencyKey() ?? '', 'credit-note', id);
    const scope: CreditNoteScope =
      dto.scope === 'lines'
        ? { kind: 'lines', lineIds: dto.lineIds ?? [] }
        : dto.scope === 'amount'
          ? { kind: 'amount', amount: dto.amount ?? '' }
          : { kind: 'whole' };
    const issueDate = chosenBusinessDate(clock, dto.issueDate, 'issueDate');
    const command = (number: string): InvoiceCommand => ({
      type: 'IssueCreditNote',
      data: {
        invoiceId: id,
        creditNoteId,
        number,
        issueDate,
        scope,
        reason: dto.reason,
        ...(dto.disputeId ? { disputeId: dto.disputeId } : {}),
        ...(dto.memo ? { memo: dto.memo } : {}),
        approval: {
          threshold: creditNoteApprovalThresholdIn(
            creditNoteApprovalFromEnv(env),
            invoice.currency,
          ),
          requestedBy: RequestContext.actor()?.id ?? 'unknown',
          requestedAt: clock.now().toISOString(),
        },
      },
    });
    // The credit note and its number are appended together: refused, it takes no number.
    const { number, answer } = await issueNumbered(
      store,
      {
        kind: 'credit_note',
        documentId: creditNoteId,
        billingAccountId: invoice.billingAccountId,
        issueDate,
      },
      httpCommandContext(clock, 'credit-note'),
      async (candidate) => {
        const planned = await this.commands.planInvoice(id, command(candidate));
        // A credit note recorded pending approval takes its number only when it is approved.
        const needsNumber = planned.append.events.some((e) => e.type === 'CreditNoteIssued');
        return { appends: [planned.append], answer: planned.state, needsNumber };
      },
    );
    await this.commands.settle();
    const pending = answer.pendingCreditNotes[creditNoteId];
    if (pending) {
      // Above the threshold: recorded, not issued; a billing manager other than the requester
      // approves it at /invoices/{id}/credit-notes/{creditNoteId}/approve.
      res.status(202);
      return {
        creditNoteId,
        number: null,
        status: 'pending_approval',
        request: pending,
        invoice: invoiceView(answer),
      };
    }
    return { creditNoteId, number, status: 'issued', invoice: invoiceView(answer) };
  }
}

/**
 * A dispute's credit note is issued by invoicing when disputes accepts the dispute (its
 * DisputeAccepted event carries the dispute id disputes knows). Invoicing cannot tell whether a
 * dispute id typed into this request exists, so a manual credit note may not cite one.
 */
function refuseDisputeReference(dto: IssueCreditNoteDto): void {
  const problems = [
    ...(dto.reason === 'dispute'
      ? [
          {
            field: 'reason',
            reason: 'dispute credit notes come from accepting the dispute in disputes',
          },
        ]
      : []),
    ...(dto.disputeId !== undefined
      ? [{ field: 'disputeId', reason: 'is set by the dispute acceptance, not by hand' }]
      : []),
  ];
  if (problems.length > 0)
    throw new DomainError(
      'DISPUTE_CREDIT_FROM_DISPUTES',
      'A credit note for a dispute is issued when disputes accepts it: POST /disputes/disputes/{id}/accept',
      'invalid',
      problems,
    );
}
