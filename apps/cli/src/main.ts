// `npm run cli -- <command>`: auditor and operator commands (see apps/cli/README.md).
import { CommanderError } from 'commander';
import { InvariantViolation } from '@billing/kernel';
import { createProgram } from './program';
import { CliError, ExitCode } from './shared/exit-codes';

/** The exit code of a failure, and the line to print (commander prints its own). */
function outcomeOf(error: unknown): { code: ExitCode; message: string | null } {
  if (error instanceof CommanderError)
    return { code: error.exitCode === 0 ? ExitCode.ok : ExitCode.usage, message: null };
  if (error instanceof CliError)
    return {
      code: error.exitCode,
      message:
        error.exitCode === ExitCode.usage
          ? `${error.message} (add --help for usage)`
          : error.message,
    };
  // A figure that must hold did not (e.g. a trial balance that does not net to zero).
  if (error instanceof InvariantViolation) return { code: ExitCode.failed, message: error.message };
  return { code: ExitCode.infrastructure, message: (error as Error)?.message ?? String(error) };
}

async function main(): Promise<void> {
  let code: ExitCode = ExitCode.ok;
  try {
    await createProgram().parseAsync(process.argv);
  } catch (error) {
    const outcome = outcomeOf(error);
    code = outcome.code;
    if (outcome.message !== null) process.stderr.write(`error: ${outcome.message}\n`);
  }
  // Exit once stdout has taken everything written, so a pipe gets the whole output even when a
  // library left a handle open.
  process.stdout.write('', () => process.exit(code));
}

void main();
