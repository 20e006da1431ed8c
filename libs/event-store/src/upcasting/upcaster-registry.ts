import type { RecordedEvent } from '../port/envelope';

/** Turns `data` of schema version N into version N + 1. Pure: stored events are never rewritten. */
export type Upcaster = (data: unknown, event: RecordedEvent) => unknown;

/** Bound on chained upcasts of one event; a longer chain is a registration mistake. */
const upcastStepCountMax = 100;

export class UpcasterRegistry {
  private readonly upcasters = new Map<string, Upcaster>();

  /** Registers the step from `fromVersion` to `fromVersion + 1` for `type`. */
  register(type: string, fromVersion: number, upcaster: Upcaster): this {
    const key = `${type}@${fromVersion}`;
    if (this.upcasters.has(key)) throw new Error(`An upcaster for ${key} is already registered`);
    this.upcasters.set(key, upcaster);
    return this;
  }

  /** The event as its newest registered schema, applying each step in turn. */
  upcast<E extends RecordedEvent>(event: E): E {
    let current = event;
    for (let step = 0; step < upcastStepCountMax; step++) {
      const upcaster = this.upcasters.get(`${current.type}@${current.schemaVersion}`);
      if (!upcaster) return current;
      current = {
        ...current,
        data: upcaster(current.data, current),
        schemaVersion: current.schemaVersion + 1,
      };
    }
    throw new Error(`Upcasting ${event.type} took more than ${upcastStepCountMax} steps`);
  }
}

export function createUpcasterRegistry(): UpcasterRegistry {
  return new UpcasterRegistry();
}
