import * as fs from 'node:fs';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Logger } from 'pino';
import type { HttpRequest, HttpResponse } from '@billing/platform';
import { consoleDist } from './console-build';
import { consoleSessionHandler } from './console-session';

type NextFunction = (error?: unknown) => void;

export interface MountConsoleOptions {
  jwtSecret: string;
  logger: Logger;
  /** Local sign-in (POST /console/session) is mounted only when true: never in production mode. */
  localSignIn: boolean;
  /** The built console (default apps/console/dist). */
  dist?: string;
}

/**
 * The web console's static files at /console (built by Vite; see console-build.ts), and in a
 * non-production run the local sign-in that mints a token for a chosen role. Mounted before
 * Nest's routes; the console then calls the services' own HTTP API with the bearer token.
 */
export function mountConsole(app: NestExpressApplication, options: MountConsoleOptions): void {
  const dist = options.dist ?? consoleDist;
  if (options.localSignIn) {
    const mint = consoleSessionHandler(options);
    app.use('/console/session', (req: HttpRequest, res: HttpResponse, next: NextFunction) =>
      req.method === 'POST' ? mint(req, res) : next(),
    );
  }
  if (!fs.existsSync(dist)) {
    options.logger.warn({ dist }, 'the web console is not built; /console is not served');
    return;
  }
  // The platform's Cache-Control: no-store is already set, and the static handler keeps a header
  // that is there: a new build is seen at once.
  app.useStaticAssets(dist, { prefix: '/console', index: 'index.html' });
  // /console without the slash would resolve the assets' relative paths wrongly.
  app.use('/console', (req: HttpRequest, res: HttpResponse, next: NextFunction) => {
    if (req.method !== 'GET' || req.originalUrl !== '/console') return next();
    res.status(308).setHeader('Location', '/console/');
    res.end();
  });
}

/** Local sign-in is for embedded (local) runs: off in production mode or when switched off. */
export function localSignInAllowed(env: Record<string, string | undefined>): boolean {
  return env['NODE_ENV'] !== 'production' && env['CONSOLE_LOCAL_SIGN_IN'] !== 'off';
}
