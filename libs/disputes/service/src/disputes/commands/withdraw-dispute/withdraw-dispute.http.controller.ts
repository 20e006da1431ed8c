import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { IsOptional } from 'class-validator';
import { TEXT_LENGTH_MAX } from '@billing/disputes-domain';
import { ApiContract, IsFreeText, Roles } from '@billing/platform';
import { actorId, httpCommandContext } from '../../../shared/command-context';
import { DisputesCommands } from '../../../shared/disputes-commands';
import { DisputeView, disputeView } from '../../../shared/dispute.view';
import { IdParams } from '../../../shared/id.params';

export class WithdrawDisputeDto {
  @IsOptional() @IsFreeText(TEXT_LENGTH_MAX) explanation?: string;
}

@Controller('disputes')
export class WithdrawDisputeHttpController {
  constructor(private readonly commands: DisputesCommands) {}

  /** The customer withdrew the dispute; the hold is lifted. */
  @ApiContract({
    operationId: 'withdrawDispute',
    summary: 'Record that the customer withdrew a dispute',
    response: DisputeView,
  })
  @Post(':id/withdrawal')
  @HttpCode(200)
  @Roles('billing-clerk', 'billing-manager')
  async withdraw(@Param() { id }: IdParams, @Body() dto: WithdrawDisputeDto): Promise<DisputeView> {
    const { clock } = this.commands.deps;
    const result = await this.commands.dispute(
      id,
      {
        type: 'ResolveDispute',
        data: {
          outcome: 'withdrawn',
          ...(dto.explanation ? { explanation: dto.explanation } : {}),
          resolvedBy: actorId(),
          resolvedAt: clock.now().toISOString(),
        },
      },
      httpCommandContext(clock, 'withdraw'),
    );
    await this.commands.settle();
    return disputeView(result.state);
  }
}
