/**
 * What the CLI's exit status means, so scripts and schedulers can branch on it. The same table is
 * in `--help` and in the README.
 */
export const ExitCode = {
  ok: 0,
  /** The log failed verification, a figure did not hold, or nothing was found. */
  failed: 1,
  /** The command line was wrong: unknown command or option, missing or malformed value. */
  usage: 2,
  /** The store could not be reached or read (connection, missing schema, I/O). */
  infrastructure: 3,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export const exitCodeHelp = `
Exit codes:
  0  done (verify: the log is intact; rebuild: matched, or switched as asked)
  1  verification failed (verify names the first bad event), a figure did not hold
     (trial balance, a live read model that differs from its rebuild), or nothing
     was found (unknown account)
  2  usage error: unknown command or option, missing or malformed value
  3  infrastructure error: the store could not be reached or read`;

/** An error the CLI reports in one line and turns into its exit code. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export const usageError = (message: string): CliError => new CliError(message, ExitCode.usage);
export const notFound = (message: string): CliError => new CliError(message, ExitCode.failed);
export const checkFailed = (message: string): CliError => new CliError(message, ExitCode.failed);
export const infrastructureError = (message: string): CliError =>
  new CliError(message, ExitCode.infrastructure);
