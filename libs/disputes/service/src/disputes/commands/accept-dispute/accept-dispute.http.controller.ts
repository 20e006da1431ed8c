import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { IsOptional } from 'class-validator';
import { TEXT_LENGTH_MAX } from '@billing/disputes-domain';
import { ApiContract, IsDecimalAmount, IsFreeText, Roles } from '@billing/platform';
import { actorId, httpCommandContext } from '../../../shared/command-context';
import { DisputesCommands } from '../../../shared/disputes-commands';
import { DisputeView, disputeView } from '../../../shared/dispute.view';
import { IdParams } from '../../../shared/id.params';

export class AcceptDisputeDto {
  /** Absent: the whole disputed amount. Else at most the disputed amount; the rest is released. */
  @IsOptional() @IsDecimalAmount() acceptedAmount?: string;
  @IsOptional() @IsFreeText(TEXT_LENGTH_MAX) explanation?: string;
}

@Controller('disputes')
export class AcceptDisputeHttpController {
  constructor(private readonly commands: DisputesCommands) {}

  /**
   * Upholds the dispute in full or in part: invoicing credits the accepted amount (DisputeAccepted),
   * collections chases the released rest again.
   */
  @ApiContract({
    operationId: 'acceptDispute',
    summary: 'Accept a dispute (in whole or part)',
    response: DisputeView,
  })
  @Post(':id/acceptance')
  @HttpCode(200)
  @Roles('billing-manager')
  async accept(@Param() { id }: IdParams, @Body() dto: AcceptDisputeDto): Promise<DisputeView> {
    const { clock } = this.commands.deps;
    const result = await this.commands.dispute(
      id,
      {
        type: 'ResolveDispute',
        data: {
          outcome: dto.acceptedAmount === undefined ? 'accepted_full' : 'accepted_partial',
          ...(dto.acceptedAmount !== undefined ? { acceptedAmount: dto.acceptedAmount } : {}),
          ...(dto.explanation ? { explanation: dto.explanation } : {}),
          resolvedBy: actorId(),
          resolvedAt: clock.now().toISOString(),
        },
      },
      httpCommandContext(clock, 'accept'),
    );
    await this.commands.settle();
    return disputeView(result.state);
  }
}
