import type { FollowerRegistry, FollowerStatus } from '@billing/messaging';
import type { ReadinessCheck } from './readiness-check.port';

/** Followers named in one readiness reason at most; the followers query lists them all. */
const namedMax = 5;

/**
 * Not ready while a follower cannot apply events: stuck at an event (after its bounded retries)
 * or retrying against a dependency that is away. The reason names each one, its position and
 * the error code, never event data.
 */
export function followersReadinessCheck(registry: FollowerRegistry): ReadinessCheck {
  return {
    name: 'followers',
    check: async () => {
      const unhealthy = registry.unhealthy();
      if (unhealthy.length === 0) return;
      const named = unhealthy.slice(0, namedMax).map(describe).join('; ');
      const more = unhealthy.length > namedMax ? `; ${unhealthy.length - namedMax} more` : '';
      throw new Error(`${named}${more}`);
    },
  };
}

function describe(status: FollowerStatus): string {
  const failure = status.failure;
  const at = failure?.eventPosition ? ` on event at ${failure.eventPosition}` : '';
  const position =
    status.position === null ? 'not started' : `position ${status.position || 'start'}`;
  return `${status.name} ${status.state} at ${position}${at} (${failure?.errorCode ?? 'unknown'})`;
}
