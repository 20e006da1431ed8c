import { Body, Controller, HttpCode, Post, Res } from '@nestjs/common';
import { DomainError, deriveId } from '@billing/kernel';
import {
  ApiContract,
  chosenBusinessDate,
  RequestContext,
  Roles,
  type HttpResponse,
} from '@billing/platform';
import { knownInvoice } from '../../../read-models/invoices.read-model';
import { actorId, httpCommandContext } from '../../../shared/command-context';
import { DisputesCommands } from '../../../shared/disputes-commands';
import { DisputeView, disputeView } from '../../../shared/dispute.view';
import { OpenDisputeDto } from './open-dispute.dto';

@Controller('disputes')
export class OpenDisputeHttpController {
  constructor(private readonly commands: DisputesCommands) {}

  /**
   * Opens a dispute on an invoice disputes has learned from invoicing's events, and puts the
   * disputed amount on hold. Resolution is due after the SLA in business days.
   */
  @ApiContract({
    operationId: 'openDispute',
    summary: 'Open a dispute on an invoice',
    response: DisputeView,
  })
  @Post()
  @HttpCode(201)
  @Roles('billing-clerk', 'billing-manager')
  async open(
    @Body() dto: OpenDisputeDto,
    @Res({ passthrough: true }) res: HttpResponse,
  ): Promise<DisputeView> {
    const { clock, db, slaBusinessDays, holidays } = this.commands.deps;
    if (dto.scope !== 'lines' && dto.lineIds !== undefined) {
      throw new DomainError('LINE_IDS_OUT_OF_SCOPE', 'lineIds go with scope lines', 'invalid', [
        { field: 'lineIds', reason: 'may only be given with scope lines' },
      ]);
    }
    const disputeId = dto.disputeId ?? deriveId(RequestContext.idempotencyKey() ?? '', 'dispute');
    const result = await this.commands.openingOn(dto.invoiceId, async () => {
      const invoice = await knownInvoice(db, dto.invoiceId);
      return this.commands.dispute(
        disputeId,
        {
          type: 'OpenDispute',
          data: {
            disputeId,
            invoiceId: dto.invoiceId,
            billingAccountId: invoice?.billingAccountId ?? '',
            ...(invoice ? { invoice, invoiceNumber: invoice.number } : {}),
            scope: dto.scope,
            ...(dto.lineIds ? { lineIds: dto.lineIds } : {}),
            ...(dto.amount !== undefined ? { amount: dto.amount } : {}),
            currency: dto.currency ?? invoice?.currency ?? '',
            reasonCategory: dto.reasonCategory,
            customerStatement: dto.customerStatement,
            openedAt: clock.now().toISOString(),
            ...(dto.receivedDate !== undefined
              ? { receivedDate: chosenBusinessDate(clock, dto.receivedDate, 'receivedDate') }
              : {}),
            openedBy: actorId(),
            source: 'manual',
            ...(slaBusinessDays ? { slaBusinessDays } : {}),
            ...(holidays ? { holidays } : {}),
          },
        },
        httpCommandContext(clock, 'open-dispute'),
      );
    });
    res.setHeader('Location', `/disputes/disputes/${disputeId}`);
    return disputeView(result.state);
  }
}
