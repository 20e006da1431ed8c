import type { INestApplication } from '@nestjs/common';
import { errorReason } from '@billing/kernel';
import { ConfigError } from '../config/config-error';

/**
 * A service's `main`: builds the app, listens, and on a start-up failure prints one JSON line
 * (the ConfigError names the variables) and exits non-zero instead of half-starting.
 */
export async function runService(
  build: () => Promise<{ app: INestApplication; port: number }>,
): Promise<void> {
  try {
    const { app, port } = await build();
    await app.listen(port);
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
