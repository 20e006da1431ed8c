import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { IsIn } from 'class-validator';
import { disputeDepartments, type DisputeDepartment } from '@billing/contracts';
import { ApiContract, IsSingleLineText, Roles } from '@billing/platform';
import { actorId, httpCommandContext } from '../../../shared/command-context';
import { DisputesCommands } from '../../../shared/disputes-commands';
import { DisputeView, disputeView } from '../../../shared/dispute.view';
import { IdParams } from '../../../shared/id.params';

export class AssignDisputeDto {
  /** The user id of who investigates it. */
  @IsSingleLineText(200) owner!: string;
  @IsIn(disputeDepartments, { message: `must be one of ${disputeDepartments.join(', ')}` })
  department!: DisputeDepartment;
}

@Controller('disputes')
export class AssignDisputeHttpController {
  constructor(private readonly commands: DisputesCommands) {}

  /** Gives the open dispute an owner and a department (again, to hand it over). */
  @ApiContract({
    operationId: 'assignDispute',
    summary: 'Assign a dispute to an owner',
    response: DisputeView,
  })
  @Post(':id/assignment')
  @HttpCode(200)
  @Roles('billing-clerk', 'billing-manager')
  async assign(@Param() { id }: IdParams, @Body() dto: AssignDisputeDto): Promise<DisputeView> {
    const { clock } = this.commands.deps;
    const result = await this.commands.dispute(
      id,
      {
        type: 'AssignDispute',
        data: {
          owner: dto.owner,
          department: dto.department,
          assignedBy: actorId(),
          at: clock.now().toISOString(),
        },
      },
      httpCommandContext(clock, 'assign'),
    );
    await this.commands.settle();
    return disputeView(result.state);
  }
}
