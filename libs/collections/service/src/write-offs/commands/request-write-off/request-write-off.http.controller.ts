import { Body, Controller, Param, Post, Res } from '@nestjs/common';
import { deriveId } from '@billing/kernel';
import { RequestContext, Roles, type HttpResponse } from '@billing/platform';
import { CollectionsProjections } from '../../../read-models/collections-projections';
import { accountCases } from '../../../shared/account-cases';
import { CollectionsCommands } from '../../../shared/collections-commands';
import { writeOffThresholdIn } from '../../../shared/collections.settings';
import { httpCommandContext } from '../../../shared/command-context';
import { IdParams } from '../../../shared/id.params';
import { WriteOffViews } from '../../write-off.view';
import { RequestWriteOffDto } from './request-write-off.dto';

@Controller('billing-accounts')
export class RequestWriteOffHttpController {
  constructor(
    private readonly commands: CollectionsCommands,
    private readonly projections: CollectionsProjections,
    private readonly views: WriteOffViews,
  ) {}

  /**
   * Asks to write off an uncollectable amount. Up to the threshold (default 250.00 in the
   * invoices' currency) it is approved at once; above it a billing manager other than the
   * requester must approve. Invoicing applies an approved write-off to the invoices.
   */
  @Post(':id/write-offs')
  @Roles('collections-agent', 'billing-manager')
  async request(
    @Param() { id: billingAccountId }: IdParams,
    @Body() dto: RequestWriteOffDto,
    @Res({ passthrough: true }) res: HttpResponse,
  ) {
    const { clock, settings } = this.commands.deps;
    const { cases, currency } = await accountCases(
      this.commands,
      billingAccountId,
      dto.invoices.map((invoice) => invoice.invoiceId),
    );
    const writeOffId = deriveId(RequestContext.idempotencyKey() ?? '', 'write-off');
    await this.commands.writeOff(
      writeOffId,
      {
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
          requestedAt: clock.now().toISOString(),
          approvalThreshold: writeOffThresholdIn(settings, currency),
        },
      },
      httpCommandContext(clock, 'request-write-off'),
    );
    await this.projections.settle();
    res.setHeader('Location', `/collections/write-offs/${writeOffId}`);
    return this.views.get(writeOffId);
  }
}
