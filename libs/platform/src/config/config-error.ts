/** One setting that is missing or wrong: the variable's name and why, never its value. */
export interface ConfigProblem {
  variable: string;
  reason: string;
}

/** The service cannot start with this environment. The message lists every problem at once. */
export class ConfigError extends Error {
  constructor(readonly problems: ConfigProblem[]) {
    super(`Invalid configuration: ${problems.map((p) => `${p.variable} ${p.reason}`).join('; ')}`);
    this.name = 'ConfigError';
  }
}
