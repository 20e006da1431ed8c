import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiContract, Roles } from '@billing/platform';
import { httpCommandContext } from '../../../shared/command-context';
import { IdParams } from '../../../shared/id.params';
import { InvoicingCommands } from '../../../shared/invoicing-commands';
import { CreditHoldDto as CloseBillingAccountDto } from '../credit-hold/credit-hold.dto';
import { ClosedBillingAccountView } from '../../billing-account.views';

@Controller('billing-accounts')
export class CloseBillingAccountHttpController {
  constructor(private readonly commands: InvoicingCommands) {}

  @ApiContract({
    operationId: 'closeBillingAccount',
    summary: 'Close a billing account',
    response: ClosedBillingAccountView,
  })
  @Post(':id/close')
  @HttpCode(200)
  @Roles('billing-manager')
  async close(
    @Param() { id }: IdParams,
    @Body() dto: CloseBillingAccountDto,
  ): Promise<ClosedBillingAccountView> {
    const { clock, db } = this.commands.deps;
    await this.commands.loadAccount(id);
    const open = await db.query<{ count: string }>(
      `SELECT count(*)::text AS count FROM invoicing_rm.invoices
        WHERE billing_account_id = $1 AND status IN ('issued', 'partially_paid')`,
      [id],
    );
    await this.commands.account(
      id,
      {
        type: 'CloseBillingAccount',
        data: {
          billingAccountId: id,
          reason: dto.reason,
          closedAt: clock.now().toISOString(),
          openInvoiceCount: Number(open.rows[0]?.count ?? 0),
        },
      },
      httpCommandContext(clock, 'close'),
    );
    await this.commands.settle();
    return { billingAccountId: id, status: 'closed' };
  }
}
