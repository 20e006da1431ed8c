import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiContract, Roles } from '@billing/platform';
import { httpCommandContext } from '../../../shared/command-context';
import { IdParams } from '../../../shared/id.params';
import { InvoicingCommands } from '../../../shared/invoicing-commands';
import { BillingDetailsCorrectionView } from '../../billing-account.views';
import { CorrectBillingDetailsDto } from './correct-billing-details.dto';

@Controller('billing-accounts')
export class CorrectBillingDetailsHttpController {
  constructor(private readonly commands: InvoicingCommands) {}

  /**
   * Corrects address, contact, tax id or the PO rule and verifies the result in the same
   * decision: 200 with `changed`, `verified` and every problem the checklist found. Invoices
   * already issued keep the details they were issued with.
   */
  @ApiContract({
    operationId: 'correctBillingDetails',
    summary: "Correct an account's billing details and verify them again",
    response: BillingDetailsCorrectionView,
  })
  @Post(':id/billing-details')
  @HttpCode(200)
  @Roles('billing-clerk', 'billing-manager')
  async correct(
    @Param() { id }: IdParams,
    @Body() dto: CorrectBillingDetailsDto,
  ): Promise<BillingDetailsCorrectionView> {
    const { clock } = this.commands.deps;
    await this.commands.loadAccount(id);
    const result = await this.commands.account(
      id,
      {
        type: 'CorrectBillingDetails',
        data: {
          billingAccountId: id,
          changes: { ...dto, ...(dto.address ? { address: { ...dto.address } } : {}) },
          correctedAt: clock.now().toISOString(),
        },
      },
      httpCommandContext(clock, 'billing-details'),
    );
    await this.commands.settle();
    const failed = result.events.find((e) => e.type === 'BillingDetailsVerificationFailed');
    return {
      billingAccountId: id,
      changed: result.events.some((e) => e.type === 'BillingDetailsUpdated'),
      verified: result.state.verified,
      problems:
        failed && failed.type === 'BillingDetailsVerificationFailed' ? failed.data.problems : [],
    };
  }
}
