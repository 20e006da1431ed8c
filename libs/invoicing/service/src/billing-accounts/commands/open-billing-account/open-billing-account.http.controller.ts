import { Body, Controller, Post, Res } from '@nestjs/common';
import { deriveId } from '@billing/kernel';
import { ApiContract, type HttpResponse, RequestContext, Roles } from '@billing/platform';
import { httpCommandContext } from '../../../shared/command-context';
import { InvoicingCommands } from '../../../shared/invoicing-commands';
import { OpenBillingAccountDto } from './open-billing-account.dto';
import { OpenedBillingAccountView } from '../../billing-account.views';

@Controller('billing-accounts')
export class OpenBillingAccountHttpController {
  constructor(private readonly commands: InvoicingCommands) {}

  @ApiContract({
    operationId: 'openBillingAccount',
    summary: 'Open a billing account',
    response: OpenedBillingAccountView,
  })
  @Post()
  @Roles('billing-clerk', 'billing-manager')
  async open(
    @Body() dto: OpenBillingAccountDto,
    @Res({ passthrough: true }) res: HttpResponse,
  ): Promise<OpenedBillingAccountView> {
    const { clock } = this.commands.deps;
    const id =
      dto.billingAccountId ?? deriveId(RequestContext.idempotencyKey() ?? '', 'billing-account');
    const { billingAccountId: _ignored, ...details } = dto;
    await this.commands.account(
      id,
      {
        type: 'OpenBillingAccount',
        data: {
          ...details,
          address: { ...details.address },
          billingAccountId: id,
          openedAt: clock.now().toISOString(),
        },
      },
      httpCommandContext(clock, 'open-account'),
    );
    await this.commands.settle();
    res.setHeader('Location', `/invoicing/billing-accounts/${id}`);
    return { billingAccountId: id, status: 'open', verified: false };
  }
}
