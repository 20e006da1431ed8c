import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiContract, Roles } from '@billing/platform';
import { httpCommandContext } from '../../../shared/command-context';
import { IdParams } from '../../../shared/id.params';
import { InvoicingCommands } from '../../../shared/invoicing-commands';
import { CreditHoldDto } from './credit-hold.dto';
import { CreditHoldView } from '../../billing-account.views';

@Controller('billing-accounts')
export class CreditHoldHttpController {
  constructor(private readonly commands: InvoicingCommands) {}

  @ApiContract({
    operationId: 'placeCreditHold',
    summary: 'Put an account on credit hold',
    response: CreditHoldView,
  })
  @Post(':id/credit-hold')
  @HttpCode(200)
  @Roles('billing-manager', 'collections-agent')
  async place(@Param() { id }: IdParams, @Body() dto: CreditHoldDto): Promise<CreditHoldView> {
    const { clock } = this.commands.deps;
    await this.commands.loadAccount(id);
    const result = await this.commands.account(
      id,
      {
        type: 'PlaceCreditHold',
        data: { billingAccountId: id, reason: dto.reason, placedAt: clock.now().toISOString() },
      },
      httpCommandContext(clock, 'hold'),
    );
    await this.commands.settle();
    return { billingAccountId: id, onHold: result.state.onHold };
  }

  @ApiContract({
    operationId: 'releaseCreditHold',
    summary: "Release an account's credit hold",
    response: CreditHoldView,
  })
  @Post(':id/credit-hold/release')
  @HttpCode(200)
  @Roles('billing-manager')
  async release(@Param() { id }: IdParams, @Body() dto: CreditHoldDto): Promise<CreditHoldView> {
    const { clock } = this.commands.deps;
    await this.commands.loadAccount(id);
    const result = await this.commands.account(
      id,
      {
        type: 'ReleaseCreditHold',
        data: { billingAccountId: id, reason: dto.reason, releasedAt: clock.now().toISOString() },
      },
      httpCommandContext(clock, 'release'),
    );
    await this.commands.settle();
    return { billingAccountId: id, onHold: result.state.onHold };
  }
}
