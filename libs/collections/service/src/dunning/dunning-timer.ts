import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { PLATFORM_LOGGER, type Logger } from '@billing/platform';
import { COLLECTIONS_DEPS, type CollectionsDeps } from '../shared/collections.deps';
import { businessDate, schedulerMetadata } from '../shared/command-context';
import { DunningScheduler } from './dunning-scheduler';
import { errorReason } from '@billing/kernel';

/**
 * The optional in-process scheduler (`COLLECTIONS_DUNNING_INTERVAL_MS`, off by default): asks the
 * scheduler what is due as of the clock's date every period. A run already in progress is not
 * doubled; a failed run is logged and the next period tries again. Running often is harmless: a
 * step is taken once per invoice whatever the number of runs.
 */
@Injectable()
export class DunningTimer implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private busy = false;

  constructor(
    @Inject(COLLECTIONS_DEPS) private readonly deps: CollectionsDeps,
    @Inject(PLATFORM_LOGGER) private readonly logger: Logger,
    private readonly scheduler: DunningScheduler,
  ) {}

  onApplicationBootstrap(): void {
    const periodMs = this.deps.settings.dunningIntervalMs;
    if (periodMs <= 0) return;
    this.timer = setInterval(() => void this.tick(), periodMs);
    this.timer.unref();
    this.logger.info({ periodMs }, 'dunning timer started');
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private async tick(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      await this.scheduler.run(businessDate(this.deps.clock), schedulerMetadata());
    } catch (error) {
      this.logger.error({ reason: errorReason(error) }, 'scheduled dunning run failed');
    } finally {
      this.busy = false;
    }
  }
}
