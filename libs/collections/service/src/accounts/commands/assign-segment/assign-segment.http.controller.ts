import { Body, Controller, HttpCode, Param, Put } from '@nestjs/common';
import { ApiContract, IsSingleLineText, RequestContext, Roles } from '@billing/platform';
import { CollectionsProjections } from '../../../read-models/collections-projections';
import { CollectionsCommands } from '../../../shared/collections-commands';
import { policyOf } from '../../../shared/collections.settings';
import { httpCommandContext } from '../../../shared/command-context';
import { IdParams } from '../../../shared/id.params';
import { requireKnownAccount } from '../../../shared/known-account';
import { SegmentAssignmentView } from '../../../dunning/dunning-policy.view';

export class AssignSegmentDto {
  /** A segment with a configured policy, or any other name (which follows the default policy). */
  @IsSingleLineText(40) segment!: string;
}

@Controller('billing-accounts')
export class AssignSegmentHttpController {
  constructor(
    private readonly commands: CollectionsCommands,
    private readonly projections: CollectionsProjections,
  ) {}

  /** Moves the account to a segment; that segment's dunning policy applies from the next run. */
  @ApiContract({
    operationId: 'assignSegment',
    summary: 'Assign an account to a dunning segment',
    response: SegmentAssignmentView,
  })
  @Put(':id/segment')
  @HttpCode(200)
  @Roles('billing-manager')
  async assign(
    @Param() { id: billingAccountId }: IdParams,
    @Body() dto: AssignSegmentDto,
  ): Promise<SegmentAssignmentView> {
    const { clock, settings, db } = this.commands.deps;
    await requireKnownAccount(db, billingAccountId);
    const result = await this.commands.account(
      billingAccountId,
      {
        type: 'AssignAccountSegment',
        data: {
          billingAccountId,
          segment: dto.segment,
          assignedBy: RequestContext.actor()?.id ?? 'unknown',
          assignedAt: clock.now().toISOString(),
        },
      },
      httpCommandContext(clock, 'assign-segment'),
    );
    await this.projections.settle();
    const segment = result.state.segment;
    return { billingAccountId, segment, policy: { ...policyOf(settings, segment), segment } };
  }
}
