/**
 * The logging surface this library needs; a pino logger fits it as is. Fields first, message
 * second, so every line is structured JSON.
 */
export interface MessagingLogger {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

/** A minimal JSON-lines logger on stdout/stderr, for scripts and tests that bring none. */
export function createJsonLogger(component: string): MessagingLogger {
  const write =
    (level: string, stream: NodeJS.WriteStream) =>
    (fields: Record<string, unknown>, message: string) => {
      stream.write(
        `${JSON.stringify({ time: new Date().toISOString(), level, component, message, ...fields })}\n`,
      );
    };
  return {
    info: write('info', process.stdout),
    warn: write('warn', process.stderr),
    error: write('error', process.stderr),
  };
}

/** Discards everything; for tests that assert on behaviour, not on logs. */
export const silentLogger: MessagingLogger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
