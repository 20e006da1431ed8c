import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { REASON_LENGTH_MAX } from '@billing/collections-domain';
import { ApiContract, IsFreeText, RequestContext, Roles } from '@billing/platform';
import { CollectionsProjections } from '../../../read-models/collections-projections';
import { CollectionsCommands } from '../../../shared/collections-commands';
import { httpCommandContext } from '../../../shared/command-context';
import { IdParams } from '../../../shared/id.params';
import { decidedWriteOffView, WriteOffView } from '../../write-off.view';

export class RejectWriteOffDto {
  @IsFreeText(REASON_LENGTH_MAX) reason!: string;
}

@Controller('write-offs')
export class DecideWriteOffHttpController {
  constructor(
    private readonly commands: CollectionsCommands,
    private readonly projections: CollectionsProjections,
  ) {}

  /** Maker-checker: a billing manager who did not ask for it; the requester gets 403. */
  @ApiContract({
    operationId: 'approveWriteOff',
    summary: 'Approve a requested write-off',
    response: WriteOffView,
  })
  @Post(':id/approve')
  @HttpCode(200)
  @Roles('billing-manager')
  async approve(@Param() { id }: IdParams): Promise<WriteOffView> {
    const { clock } = this.commands.deps;
    const actor = RequestContext.actor();
    await this.commands.loadWriteOff(id);
    const decided = await this.commands.writeOff(
      id,
      {
        type: 'ApproveWriteOff',
        data: {
          approvedBy: actor?.id ?? 'unknown',
          approverRoles: [...(actor?.roles ?? [])],
          approvedAt: clock.now().toISOString(),
        },
      },
      httpCommandContext(clock, 'approve-write-off'),
    );
    await this.projections.settle();
    return decidedWriteOffView(decided.state);
  }

  @ApiContract({
    operationId: 'rejectWriteOff',
    summary: 'Reject a requested write-off',
    response: WriteOffView,
  })
  @Post(':id/reject')
  @HttpCode(200)
  @Roles('billing-manager')
  async reject(@Param() { id }: IdParams, @Body() dto: RejectWriteOffDto): Promise<WriteOffView> {
    const { clock } = this.commands.deps;
    const actor = RequestContext.actor();
    await this.commands.loadWriteOff(id);
    const decided = await this.commands.writeOff(
      id,
      {
        type: 'RejectWriteOff',
        data: {
          rejectedBy: actor?.id ?? 'unknown',
          rejectorRoles: [...(actor?.roles ?? [])],
          reason: dto.reason,
          rejectedAt: clock.now().toISOString(),
        },
      },
      httpCommandContext(clock, 'reject-write-off'),
    );
    await this.projections.settle();
    return decidedWriteOffView(decided.state);
  }
}
