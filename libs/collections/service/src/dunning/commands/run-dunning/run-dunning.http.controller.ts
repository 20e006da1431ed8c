import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiContract, chosenBusinessDate, Roles } from '@billing/platform';
import { COLLECTIONS_DEPS, type CollectionsDeps } from '../../../shared/collections.deps';
import { schedulerMetadata } from '../../../shared/command-context';
import { DunningScheduler, type DunningRunReport } from '../../dunning-scheduler';
import { RunDunningDto } from './run-dunning.dto';

@Controller('dunning')
export class RunDunningHttpController {
  constructor(
    @Inject(COLLECTIONS_DEPS) private readonly deps: CollectionsDeps,
    private readonly scheduler: DunningScheduler,
  ) {}

  /**
   * Runs the scheduler for today (the service clock's date, or the body's `date`, not after
   * today) and answers what it did: promises kept or broken, plans broken, dunning steps taken or
   * skipped. For a cron job (role `service`) or a billing manager; running it again the same day
   * takes nothing twice.
   */
  @ApiContract({ operationId: 'runDunning', summary: "Run today's dunning" })
  @Post('run')
  @HttpCode(200)
  @Roles('billing-manager', 'service')
  run(@Body() dto: RunDunningDto = {}): Promise<DunningRunReport> {
    const date = chosenBusinessDate(this.deps.clock, dto.date, 'date');
    return this.scheduler.run(date, schedulerMetadata());
  }
}
