import type { INestApplication } from '@nestjs/common';
import { errorReason } from '@billing/kernel';
import { ConfigError } from '../config/config-error';

/**
 * A service's `main`: builds the app, listens, calls `onListening`, and on a start-up failure prints one JSON line
 * (the ConfigError names the variables) and exits non-zero instead of half-starting.
 */
export async function runService(
  build: () => Promise<{
    app: INestApplication;
    port: number;
    onListening?: () => void | Promise<void>;
  }>,
): Promise<void> {
  try {
    const { app, port, onListening } = await build();
    await app.listen(port);
    // After listen, so what it prints (the start banner) is the last line of start-up.
    await onListening?.();
  } catch (error) {
    const fields =
      error instanceof ConfigError
        ? { message: 'invalid configuration', problems: error.problems }
        : { message: 'start-up failed', reason: errorReason(error) };
    process.stderr.write(
      `${JSON.stringify({ level: 'fatal', time: new Date().toISOString(), ...fields })}\n`,
    );
    process.exit(1);
  }
}
