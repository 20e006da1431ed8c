import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiContract, Roles } from '@billing/platform';
import { httpCommandContext } from '../../../shared/command-context';
import { IdParams } from '../../../shared/id.params';
import { InvoicingCommands } from '../../../shared/invoicing-commands';
import { ChangePaymentTermsDto } from './change-payment-terms.dto';
import { PaymentTermsView } from '../../billing-account.views';

@Controller('billing-accounts')
export class ChangePaymentTermsHttpController {
  constructor(private readonly commands: InvoicingCommands) {}

  @ApiContract({
    operationId: 'changePaymentTerms',
    summary: "Change an account's payment terms",
    response: PaymentTermsView,
  })
  @Post(':id/payment-terms')
  @HttpCode(200)
  @Roles('billing-manager')
  async change(
    @Param() { id }: IdParams,
    @Body() dto: ChangePaymentTermsDto,
  ): Promise<PaymentTermsView> {
    const { clock } = this.commands.deps;
    await this.commands.loadAccount(id);
    const result = await this.commands.account(
      id,
      {
        type: 'ChangePaymentTerms',
        data: { billingAccountId: id, ...dto, changedAt: clock.now().toISOString() },
      },
      httpCommandContext(clock, 'payment-terms'),
    );
    await this.commands.settle();
    return { billingAccountId: id, paymentTermsDays: result.state.details?.paymentTermsDays };
  }
}
