import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { PLATFORM_LOGGER, type Logger } from '@billing/platform';
import { caughtUpWithin, startProjection } from '@billing/read-models';
import { COLLECTIONS_DEPS, type CollectionsDeps } from '../shared/collections.deps';
import { supervised, type Follower } from '../shared/supervised';
import { collectionsProjection } from './collections.projection';

/** Runs collections' own read models for as long as the module lives. */
@Injectable()
export class CollectionsProjections implements OnApplicationBootstrap, OnApplicationShutdown {
  private started: Follower | undefined;

  constructor(
    @Inject(COLLECTIONS_DEPS) private readonly deps: CollectionsDeps,
    @Inject(PLATFORM_LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    const { store, tx, db } = this.deps;
    this.started = supervised('collections.read-models', this.logger, () =>
      startProjection(store, tx, db, collectionsProjection(store)),
    );
  }

  caughtUp(): Promise<void> {
    return this.started?.caughtUp() ?? Promise.resolve();
  }

  /** Lets the read models catch up with what this request wrote, within a bound. */
  settle(): Promise<void> {
    return caughtUpWithin(this, this.deps.readModelWaitMs ?? 5_000);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.started?.stop();
  }
}
