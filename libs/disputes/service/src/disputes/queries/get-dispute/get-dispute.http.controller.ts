import { Controller, Get, Param } from '@nestjs/common';
import { ApiContract, AuditedRead, Roles } from '@billing/platform';
import { DisputesCommands } from '../../../shared/disputes-commands';
import { disputeWithTimeline, DisputeWithTimelineView } from '../../../shared/dispute.view';
import { IdParams } from '../../../shared/id.params';

@Controller('disputes')
export class GetDisputeHttpController {
  constructor(private readonly commands: DisputesCommands) {}

  /**
   * The dispute and its full timeline (opening, assignments, notes, evidence, customer contacts,
   * escalation, resolution) in the order things happened, folded from its stream.
   */
  @ApiContract({
    operationId: 'getDispute',
    summary: 'Read a dispute with its timeline',
    response: DisputeWithTimelineView,
  })
  @Get(':id')
  @Roles('billing-clerk', 'billing-manager', 'collections-agent', 'auditor')
  @AuditedRead({ responseField: 'billingAccountId' })
  async get(@Param() { id }: IdParams): Promise<DisputeWithTimelineView> {
    return disputeWithTimeline(await this.commands.loadDispute(id));
  }
}
