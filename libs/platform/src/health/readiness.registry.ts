import type { ReadinessCheck, ReadinessResult } from './readiness-check.port';

/** A check slower than this counts as down: a probe must answer before its caller gives up. */
export const readinessCheckTimeoutMs = 2_000;
const checksMax = 50;
/** Long enough to name a few stuck followers with their positions. */
const reasonLengthMax = 1_000;

/** The checks `/ready` runs. Services register theirs at start-up (store, Kafka, ...). */
export class ReadinessRegistry {
  private readonly checks: ReadinessCheck[] = [];

  constructor(
    initial: ReadinessCheck[] = [],
    private readonly timeoutMs = readinessCheckTimeoutMs,
  ) {
    initial.forEach((check) => this.register(check));
  }

  register(check: ReadinessCheck): void {
    if (this.checks.length >= checksMax) throw new Error(`At most ${checksMax} readiness checks`);
    if (this.checks.some((c) => c.name === check.name))
      throw new Error(`Readiness check ${check.name} registered twice`);
    this.checks.push(check);
  }

  /** Runs every check at once, each bounded by the timeout. */
  async run(): Promise<ReadinessResult[]> {
    return Promise.all(this.checks.map((check) => this.runOne(check)));
  }

  private async runOne(check: ReadinessCheck): Promise<ReadinessResult> {
    const started = Date.now();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no answer within ${this.timeoutMs} ms`)),
        this.timeoutMs,
      );
    });
    try {
      await Promise.race([check.check(), timeout]);
      return { name: check.name, status: 'up', durationMs: Date.now() - started };
    } catch (error) {
      return {
        name: check.name,
        status: 'down',
        reason: (error as Error).message.slice(0, reasonLengthMax),
        durationMs: Date.now() - started,
      };
    } finally {
      clearTimeout(timer);
    }
  }
}
