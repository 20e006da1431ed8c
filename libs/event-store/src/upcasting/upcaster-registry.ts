import type { RecordedEvent } from '../port/envelope';

/** Turns `data` of schema version N into version N + 1. Pure: stored events are never rewritten. */
export type Upcaster = (data: unknown, event: RecordedEvent) => unknown;

/** Bound on chained upcasts of one event; a longer chain is a registration mistake. */
const upcastStepCountMax = 100;

export class UpcasterRegistry {
  /** type -> schema version it upcasts from -> the step. Keyed so a read builds no key string. */
  private readonly upcasters = new Map<string, Map<number, Upcaster>>();

  /** Registers the step from `fromVersion` to `fromVersion + 1` for `type`. */
  register(type: string, fromVersion: number, upcaster: Upcaster): this {
    const steps = this.upcasters.get(type) ?? new Map<number, Upcaster>();
    if (steps.has(fromVersion))
      throw new Error(`An upcaster for ${type}@${fromVersion} is already registered`);
    steps.set(fromVersion, upcaster);
    this.upcasters.set(type, steps);
    return this;
  }

  /** Whether any read could change; with no upcasters, readers skip the registry altogether. */
  get isEmpty(): boolean {
    return this.upcasters.size === 0;
  }

  /** The event as its newest registered schema, applying each step in turn. */
  upcast<E extends RecordedEvent>(event: E): E {
    const steps = this.upcasters.get(event.type);
    if (!steps) return event;
    let current = event;
    for (let step = 0; step < upcastStepCountMax; step++) {
      const upcaster = steps.get(current.schemaVersion);
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
