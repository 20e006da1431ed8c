import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { IsOptional } from 'class-validator';
import { ApiContract, IsFreeText, IsSingleLineText, Roles } from '@billing/platform';
import { actorId, httpCommandContext } from '../../../shared/command-context';
import { DisputesCommands } from '../../../shared/disputes-commands';
import { DisputeView, disputeView } from '../../../shared/dispute.view';
import { IdParams } from '../../../shared/id.params';

export class AddEvidenceDto {
  /** A document id or URL in the document store; the file itself never travels in events. */
  @IsSingleLineText(500) reference!: string;
  @IsOptional() @IsFreeText(1_000) description?: string;
}

@Controller('disputes')
export class AddEvidenceHttpController {
  constructor(private readonly commands: DisputesCommands) {}

  /** A reference to a supporting document; the same reference twice is recorded once. */
  @ApiContract({
    operationId: 'addDisputeEvidence',
    summary: 'Add evidence to a dispute',
    response: DisputeView,
  })
  @Post(':id/evidence')
  @HttpCode(201)
  @Roles('billing-clerk', 'billing-manager')
  async add(@Param() { id }: IdParams, @Body() dto: AddEvidenceDto): Promise<DisputeView> {
    const { clock } = this.commands.deps;
    const result = await this.commands.dispute(
      id,
      {
        type: 'AddEvidence',
        data: {
          reference: dto.reference,
          ...(dto.description ? { description: dto.description } : {}),
          addedBy: actorId(),
          at: clock.now().toISOString(),
        },
      },
      httpCommandContext(clock, 'evidence'),
    );
    await this.commands.settle();
    return disputeView(result.state);
  }
}
