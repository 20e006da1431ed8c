/**
 * Named places where a crash hurts most, so fault suites can crash there on purpose. In
 * production nothing is armed and a fault point is one `undefined` check.
 *
 * - A test arms a hook with `setFaultHook` (the simulation throws from it to model a crash).
 * - A real process is armed by `FAULT_POINT=<name>[:<hit>]` in its environment: on that hit of the
 *   named point (default the 1st) it kills itself with SIGKILL, as a power cut would, with no
 *   chance to clean up (used by `npm run test:faults`).
 */
export const faultPoints = [
  /** The relay's batch is acknowledged by the broker; the store checkpoint is not saved yet. */
  'relay.after-publish',
  /** A consumer's effect is written; its inbox row and transaction are not committed yet. */
  'consumer.after-effect',
  /** A consumer's transaction is committed; its Kafka offset is not. */
  'consumer.after-commit',
] as const;

export type FaultPointName = (typeof faultPoints)[number];

export type FaultHook = (point: FaultPointName) => void | Promise<void>;

let hook: FaultHook | undefined = hookFromEnv(process.env['FAULT_POINT']);

/** Arms (or, with undefined, disarms) the hook every fault point calls. For tests only. */
export function setFaultHook(next: FaultHook | undefined): void {
  hook = next;
}

/** Calls the armed hook, if any; whatever it throws is thrown at the fault point. */
export function faultPoint(point: FaultPointName): void | Promise<void> {
  return hook?.(point);
}

function hookFromEnv(spec: string | undefined): FaultHook | undefined {
  if (!spec) return undefined;
  const [name, hitText] = spec.split(':');
  if (!(faultPoints as readonly string[]).includes(name ?? '')) {
    throw new Error(`FAULT_POINT names no fault point: ${spec} (known: ${faultPoints.join(', ')})`);
  }
  const hitAt = hitText === undefined ? 1 : Number(hitText);
  if (!Number.isInteger(hitAt) || hitAt < 1)
    throw new Error(`FAULT_POINT hit must be a positive integer: ${spec}`);
  let hits = 0;
  return (point) => {
    if (point !== name || ++hits !== hitAt) return;
    process.stderr.write(
      `${JSON.stringify({ level: 'fatal', msg: 'fault point reached, killing this process', faultPoint: point, hit: hits })}\n`,
    );
    process.kill(process.pid, 'SIGKILL');
  };
}

/**
 * Redelivery on purpose: `FAULT_REDELIVER=<probability>` (e.g. 0.1) makes a consumer hand that
 * share of its runs back to Kafka after their transaction committed and before their offsets are
 * resolved, so the broker delivers those already-handled events again, as after a lost offset
 * commit. Unset in production: one `undefined` check per run.
 */
const redeliverShare = redeliverShareFromEnv(process.env['FAULT_REDELIVER']);

/** True when this run is to be delivered again (see FAULT_REDELIVER). */
export function redeliveryFault(): boolean {
  return redeliverShare !== undefined && Math.random() < redeliverShare;
}

function redeliverShareFromEnv(spec: string | undefined): number | undefined {
  if (!spec) return undefined;
  const share = Number(spec);
  if (!(share > 0 && share <= 1))
    throw new Error(`FAULT_REDELIVER must be a probability in (0, 1]: ${spec}`);
  return share;
}
