import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { IsIn, IsOptional } from 'class-validator';
import type { CommunicationChannel } from '@billing/contracts';
import { TEXT_LENGTH_MAX } from '@billing/disputes-domain';
import { DomainError } from '@billing/kernel';
import { ApiContract, IsFreeText, IsInstant, Roles } from '@billing/platform';
import { actorId, httpCommandContext } from '../../../shared/command-context';
import { DisputesCommands } from '../../../shared/disputes-commands';
import { DisputeView, disputeView } from '../../../shared/dispute.view';
import { IdParams } from '../../../shared/id.params';

const channels: CommunicationChannel[] = ['email', 'phone', 'letter', 'portal', 'meeting'];

export class LogCommunicationDto {
  @IsIn(channels, { message: `must be one of ${channels.join(', ')}` })
  channel!: CommunicationChannel;
  @IsFreeText(TEXT_LENGTH_MAX) summary!: string;
  /** When the contact happened (ISO-8601 instant); default now. A call logged later sorts where it happened. */
  @IsOptional()
  @IsInstant()
  at?: string;
}

@Controller('disputes')
export class LogCommunicationHttpController {
  constructor(private readonly commands: DisputesCommands) {}

  /** A contact with the customer about the dispute; a resolved dispute still takes them. */
  @ApiContract({
    operationId: 'logDisputeCommunication',
    summary: 'Log a communication with the customer',
    response: DisputeView,
  })
  @Post(':id/communications')
  @HttpCode(201)
  @Roles('billing-clerk', 'billing-manager')
  async log(@Param() { id }: IdParams, @Body() dto: LogCommunicationDto): Promise<DisputeView> {
    const { clock } = this.commands.deps;
    const now = clock.now();
    if (dto.at !== undefined && Date.parse(dto.at) > now.getTime()) {
      throw new DomainError('COMMUNICATION_IN_FUTURE', 'at is in the future', 'invalid', [
        { field: 'at', reason: 'must not be in the future' },
      ]);
    }
    const result = await this.commands.dispute(
      id,
      {
        type: 'LogCustomerCommunication',
        data: {
          channel: dto.channel,
          summary: dto.summary,
          at: dto.at ?? now.toISOString(),
          loggedBy: actorId(),
        },
      },
      httpCommandContext(clock, 'communication'),
    );
    await this.commands.settle();
    return disputeView(result.state);
  }
}
