import { Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiContract, Roles } from '@billing/platform';
import { COLLECTIONS_DEPS, type CollectionsDeps } from '../../../shared/collections.deps';
import { businessDate, schedulerMetadata } from '../../../shared/command-context';
import { DunningScheduler, type DunningRunReport } from '../../dunning-scheduler';

@Controller('dunning')
export class RunDunningHttpController {
  constructor(
    @Inject(COLLECTIONS_DEPS) private readonly deps: CollectionsDeps,
    private readonly scheduler: DunningScheduler,
  ) {}

  /**
   * Runs the scheduler for today (the service clock's date) and answers what it did: promises kept
   * or broken, plans broken, dunning steps taken or skipped. For a cron job (role `service`) or a
   * billing manager; running it again the same day takes nothing twice.
   */
  @ApiContract({ operationId: 'runDunning', summary: "Run today's dunning" })
  @Post('run')
  @HttpCode(200)
  @Roles('billing-manager', 'service')
  run(): Promise<DunningRunReport> {
    return this.scheduler.run(businessDate(this.deps.clock), schedulerMetadata());
  }
}
