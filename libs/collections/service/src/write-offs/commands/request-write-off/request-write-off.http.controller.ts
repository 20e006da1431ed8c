import { Body, Controller, Param, Post, Res } from '@nestjs/common';
import { deriveId } from '@billing/kernel';
import { ApiContract, type HttpResponse, RequestContext, Roles } from '@billing/platform';
import type { CountedWriteOff, RequestWriteOff } from '@billing/collections-domain';
import { CollectionsProjections } from '../../../read-models/collections-projections';
import { accountCases } from '../../../shared/account-cases';
import { CollectionsCommands } from '../../../shared/collections-commands';
import { writeOffThresholdIn } from '../../../shared/collections.settings';
import { httpCommandContext } from '../../../shared/command-context';
import { IdParams } from '../../../shared/id.params';
import { decidedWriteOffView, WriteOffView } from '../../write-off.view';
import { RequestWriteOffDto } from './request-write-off.dto';

@Controller('billing-accounts')
export class RequestWriteOffHttpController {
  constructor(
    private readonly commands: CollectionsCommands,
    private readonly projections: CollectionsProjections,
  ) {}

  /**
   * Asks to write off an uncollectable amount. While the request, with the account's earlier ones,
   * stays within the threshold (default 250.00 in the invoices' currency) per invoice and over 30
   * days, it is approved at once; above it a billing manager other than the requester must
   * approve. The request and its count on the account are appended together; the answer is the
   * write-off as decided. Invoicing applies an approved write-off to the invoices.
   */
  @ApiContract({
    operationId: 'requestWriteOff',
    summary: "Request a write-off of an invoice's open amount",
    response: WriteOffView,
  })
  @Post(':id/write-offs')
  @Roles('collections-agent', 'billing-manager')
  async request(
    @Param() { id: billingAccountId }: IdParams,
    @Body() dto: RequestWriteOffDto,
    @Res({ passthrough: true }) res: HttpResponse,
  ): Promise<WriteOffView> {
    const { clock, settings } = this.commands.deps;
    const { cases, currency } = await accountCases(
      this.commands,
      billingAccountId,
      dto.invoices.map((invoice) => invoice.invoiceId),
    );
    const writeOffId = deriveId(RequestContext.idempotencyKey() ?? '', 'write-off');
    const requestedAt = clock.now().toISOString();
    const command = (counted: CountedWriteOff[]): RequestWriteOff => ({
      type: 'RequestWriteOff',
      data: {
        writeOffId,
        billingAccountId,
        currency,
        amount: dto.amount,
        invoices: dto.invoices.map((invoice, index) => ({
          invoiceId: invoice.invoiceId,
          amount: invoice.amount,
          amountOpen: cases[index]?.amountOpen as string,
        })),
        reason: dto.reason,
        requestedBy: RequestContext.actor()?.id ?? 'unknown',
        requestedAt,
        approvalThreshold: writeOffThresholdIn(settings, currency),
        counted,
      },
    });
    const decided = await this.commands.requestWriteOff(
      writeOffId,
      billingAccountId,
      command,
      httpCommandContext(clock, 'request-write-off'),
    );
    await this.projections.settle();
    res.setHeader('Location', `/collections/write-offs/${writeOffId}`);
    return decidedWriteOffView(decided);
  }
}
