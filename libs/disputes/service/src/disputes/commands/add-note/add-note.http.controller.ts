import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { TEXT_LENGTH_MAX } from '@billing/disputes-domain';
import { ApiContract, IsFreeText, Roles } from '@billing/platform';
import { actorId, httpCommandContext } from '../../../shared/command-context';
import { DisputesCommands } from '../../../shared/disputes-commands';
import { DisputeView, disputeView } from '../../../shared/dispute.view';
import { IdParams } from '../../../shared/id.params';

export class AddNoteDto {
  @IsFreeText(TEXT_LENGTH_MAX) text!: string;
}

@Controller('disputes')
export class AddNoteHttpController {
  constructor(private readonly commands: DisputesCommands) {}

  /** An internal note; a resolved dispute still takes notes. */
  @ApiContract({
    operationId: 'addDisputeNote',
    summary: 'Add a note to a dispute',
    response: DisputeView,
  })
  @Post(':id/notes')
  @HttpCode(201)
  @Roles('billing-clerk', 'billing-manager')
  async add(@Param() { id }: IdParams, @Body() dto: AddNoteDto): Promise<DisputeView> {
    const { clock } = this.commands.deps;
    const result = await this.commands.dispute(
      id,
      {
        type: 'AddDisputeNote',
        data: { text: dto.text, author: actorId(), at: clock.now().toISOString() },
      },
      httpCommandContext(clock, 'note'),
    );
    await this.commands.settle();
    return disputeView(result.state);
  }
}
