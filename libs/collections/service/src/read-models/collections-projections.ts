import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { caughtUpWithin, startProjection, type RunningProjection } from '@billing/read-models';
import { COLLECTIONS_DEPS, type CollectionsDeps } from '../shared/collections.deps';
import { collectionsProjection } from './collections.projection';

/** Runs collections' own read models for as long as the module lives. */
@Injectable()
export class CollectionsProjections implements OnApplicationBootstrap, OnApplicationShutdown {
  private started: RunningProjection | undefined;

  constructor(@Inject(COLLECTIONS_DEPS) private readonly deps: CollectionsDeps) {}

  onApplicationBootstrap(): void {
    const { store, tx, db } = this.deps;
    this.started = startProjection(store, tx, db, collectionsProjection(store));
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
