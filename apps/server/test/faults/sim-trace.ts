/** A crash the simulation injected at a named point (or a handler failure treated as one). */
export class SimCrash extends Error {
  constructor(readonly point: string) {
    super(`simulated crash at ${point}`);
    this.name = 'SimCrash';
  }
}

/** What the simulation did, for the failure message: the last steps are what explain a bug. */
export class SimTrace {
  private readonly lines: string[] = [];
  step = 0;
  faultCount = 0;

  add(line: string): void {
    this.lines.push(`#${this.step} ${line}`);
  }

  /** A fault the simulation injected (or its direct consequence, a stopped relay). */
  fault(line: string): void {
    this.faultCount += 1;
    this.add(line);
  }

  tail(count = Number(process.env.SIM_TAIL ?? 40)): string {
    return this.lines.slice(-count).join('\n');
  }
}
