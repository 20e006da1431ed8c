import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { startProjection, type RunningProjection } from '@billing/read-models';
import { DISPUTES_DEPS, type DisputesDeps } from '../shared/disputes.deps';
import { disputesProjection } from './disputes.projection';

/** Runs disputes' own read model for as long as the module lives. */
@Injectable()
export class DisputesProjections implements OnApplicationBootstrap, OnApplicationShutdown {
  private started: RunningProjection | undefined;

  constructor(@Inject(DISPUTES_DEPS) private readonly deps: DisputesDeps) {}

  onApplicationBootstrap(): void {
    const { store, tx, db } = this.deps;
    this.started = startProjection(store, tx, db, disputesProjection(store));
  }

  caughtUp(): Promise<void> {
    return this.started?.caughtUp() ?? Promise.resolve();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.started?.stop();
  }
}
