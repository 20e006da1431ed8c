import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { DomainError } from '@billing/kernel';
import { checkErasureApproval } from '@billing/invoicing-domain';
import { ApiContract, IsFreeText, RequestContext, Roles } from '@billing/platform';
import { httpCommandContext } from '../../../shared/command-context';
import { IdParams } from '../../../shared/id.params';
import { InvoicingCommands } from '../../../shared/invoicing-commands';
import { ErasureView } from '../../billing-account.views';

export class RequestErasureDto {
  /** Why the personal data is erased (e.g. the customer's request under GDPR art. 17). */
  @IsFreeText(500) reason!: string;
}

/**
 * Crypto-shredding with maker-checker: one billing manager requests the erasure of an account's
 * personal data, a second one approves it; the approval destroys the account's data key, then
 * records `PersonalDataErased`. Amounts, ids and the books stay as they were.
 */
@Controller('billing-accounts')
export class ErasePersonalDataHttpController {
  constructor(private readonly commands: InvoicingCommands) {}

  @ApiContract({
    operationId: 'requestPersonalDataErasure',
    summary: "Request the erasure of an account's personal data",
    response: ErasureView,
  })
  @Post(':id/erasure')
  @HttpCode(202)
  @Roles('billing-manager')
  async request(@Param() { id }: IdParams, @Body() dto: RequestErasureDto): Promise<ErasureView> {
    const { clock } = this.commands.deps;
    await this.commands.loadAccount(id);
    const requestedBy = RequestContext.actor()?.id ?? 'unknown';
    await this.commands.account(
      id,
      {
        type: 'RequestPersonalDataErasure',
        data: {
          billingAccountId: id,
          requestedBy,
          reason: dto.reason,
          requestedAt: clock.now().toISOString(),
        },
      },
      httpCommandContext(clock, 'request-erasure'),
    );
    const state = await this.commands.loadAccount(id);
    return {
      billingAccountId: id,
      status: state.personalDataErased ? 'erased' : 'erasure_requested',
      requestedBy: state.erasureRequestedBy,
    };
  }

  @ApiContract({
    operationId: 'approvePersonalDataErasure',
    summary: 'Approve a requested erasure (a second manager)',
    response: ErasureView,
  })
  @Post(':id/erasure/approve')
  @HttpCode(200)
  @Roles('billing-manager')
  async approve(@Param() { id }: IdParams): Promise<ErasureView> {
    const { clock, personalDataKeys } = this.commands.deps;
    if (!personalDataKeys)
      throw new DomainError(
        'PERSONAL_DATA_KEYS_UNAVAILABLE',
        'This service runs without a personal-data key store, so it cannot erase',
        'conflict',
      );
    const approvedBy = RequestContext.actor()?.id ?? 'unknown';
    const state = await this.commands.loadAccount(id);
    // Refused (not requested, or the requester approving) before the key is touched.
    checkErasureApproval(state, approvedBy);
    const erasedAt = clock.now().toISOString();
    // The key first: a crash between the two leaves the data erased and the approval retryable,
    // never an event claiming an erasure that did not happen.
    if (!state.personalDataErased) await personalDataKeys.destroy(id, erasedAt);
    await this.commands.account(
      id,
      {
        type: 'ApprovePersonalDataErasure',
        data: { billingAccountId: id, approvedBy, erasedAt, keyDestroyed: true },
      },
      httpCommandContext(clock, 'approve-erasure'),
    );
    await this.commands.settle();
    return { billingAccountId: id, status: 'erased' };
  }
}
