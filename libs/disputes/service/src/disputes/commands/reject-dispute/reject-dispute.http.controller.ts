import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { TEXT_LENGTH_MAX } from '@billing/disputes-domain';
import { ApiContract, IsFreeText, Roles } from '@billing/platform';
import { actorId, httpCommandContext } from '../../../shared/command-context';
import { DisputesCommands } from '../../../shared/disputes-commands';
import { DisputeView, disputeView } from '../../../shared/dispute.view';
import { IdParams } from '../../../shared/id.params';

export class RejectDisputeDto {
  /** Why, in words the customer is told. */
  @IsFreeText(TEXT_LENGTH_MAX) explanation!: string;
}

@Controller('disputes')
export class RejectDisputeHttpController {
  constructor(private readonly commands: DisputesCommands) {}

  /** Rejects the dispute with an explanation; the hold is lifted and dunning resumes. */
  @ApiContract({ operationId: 'rejectDispute', summary: 'Reject a dispute', response: DisputeView })
  @Post(':id/rejection')
  @HttpCode(200)
  @Roles('billing-manager')
  async reject(@Param() { id }: IdParams, @Body() dto: RejectDisputeDto): Promise<DisputeView> {
    const { clock } = this.commands.deps;
    const result = await this.commands.dispute(
      id,
      {
        type: 'ResolveDispute',
        data: {
          outcome: 'rejected',
          explanation: dto.explanation,
          resolvedBy: actorId(),
          resolvedAt: clock.now().toISOString(),
        },
      },
      httpCommandContext(clock, 'reject'),
    );
    await this.commands.settle();
    return disputeView(result.state);
  }
}
