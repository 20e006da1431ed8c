import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiContract, Roles } from '@billing/platform';
import { httpCommandContext } from '../../../shared/command-context';
import { IdParams } from '../../../shared/id.params';
import { InvoicingCommands } from '../../../shared/invoicing-commands';
import { VerificationView } from '../../billing-account.views';

@Controller('billing-accounts')
export class VerifyBillingDetailsHttpController {
  constructor(private readonly commands: InvoicingCommands) {}

  /** Runs the whole checklist: 200 with `verified: true`, or `verified: false` and every problem. */
  @ApiContract({
    operationId: 'verifyBillingDetails',
    summary: "Check an account's billing details and record the result",
    response: VerificationView,
  })
  @Post(':id/verification')
  @HttpCode(200)
  @Roles('billing-clerk', 'billing-manager')
  async verify(@Param() { id }: IdParams): Promise<VerificationView> {
    const { clock } = this.commands.deps;
    await this.commands.loadAccount(id);
    const result = await this.commands.account(
      id,
      {
        type: 'VerifyBillingDetails',
        data: { billingAccountId: id, checkedAt: clock.now().toISOString() },
      },
      httpCommandContext(clock, 'verify'),
    );
    await this.commands.settle();
    const failed = result.events.find((e) => e.type === 'BillingDetailsVerificationFailed');
    return {
      billingAccountId: id,
      verified: result.state.verified,
      problems:
        failed && failed.type === 'BillingDetailsVerificationFailed' ? failed.data.problems : [],
    };
  }
}
