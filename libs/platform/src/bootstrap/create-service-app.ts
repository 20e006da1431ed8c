import { Module, type INestApplication, type Type } from '@nestjs/common';
import { NestFactory, RouterModule } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { DestinationStream, Logger } from 'pino';
import type { PlatformConfig } from '../config/platform-config';
import { problemErrorMiddleware } from '../errors/problem.filter';
import { createLogger } from '../logging/logger';
import { PinoNestLogger } from '../logging/nest-logger.adapter';
import { requestLoggingMiddleware } from '../logging/request-logging.middleware';
import { setupOpenApi } from '../openapi/setup-openapi';
import { jsonContentTypeMiddleware } from '../validation/json-content-type.middleware';
import { strictEdgeMiddleware, verifyUtf8Body } from '../validation/strict-edge.middleware';
import { PlatformModule, type PlatformModuleOptions } from './platform.module';
import { mountServiceIndex } from './service-index';
import { securityHeadersMiddleware } from './security-headers.middleware';

/** One service inside an app: its module, where it is mounted and how its docs are titled. */
export interface ServiceMount {
  module: Type<unknown>;
  /** URL prefix, e.g. `invoicing` -> `/invoicing/...` and `/invoicing/docs`. Empty: root. */
  prefix?: string;
  title: string;
  description?: string;
  version?: string;
}

export interface CreateServiceAppOptions extends Omit<PlatformModuleOptions, 'logger'> {
  /** Default: a pino logger from the config (SERVICE_NAME, LOG_LEVEL). */
  logger?: Logger;
  /** Where log lines go when the logger is made here (tests collect them). */
  logDestination?: DestinationStream;
  /** Serve OpenAPI docs per service. Default true. */
  docs?: boolean;
  /**
   * Nest's shutdown hooks (default true): close the app on SIGTERM/SIGINT, then re-raise the
   * signal. Pass false when the caller closes more than the app on a signal (the embedded store).
   */
  shutdownHooks?: boolean;
}

/**
 * A ready-to-listen Nest application with the whole platform wired: JSON logs with correlation
 * ids, bearer auth, problem+json errors, validation, idempotent commands, /health, /ready and
 * per-service OpenAPI docs. Pass one service, or several to run them in one process (embedded
 * mode): each is mounted under its prefix with RouterModule and gets its own document.
 *
 *   const config = loadConfig(InvoicingConfig);
 *   const app = await createServiceApp({ module: InvoicingModule, prefix: 'invoicing', title: 'Invoicing' }, { config });
 *   await app.listen(config.PORT);
 */
export async function createServiceApp(
  services: ServiceMount | ServiceMount[],
  options: CreateServiceAppOptions,
): Promise<INestApplication> {
  const mounts = Array.isArray(services) ? services : [services];
  assertDistinctPrefixes(mounts);
  const logger =
    options.logger ??
    createLogger({
      service: options.config.SERVICE_NAME,
      level: options.config.LOG_LEVEL,
      destination: options.logDestination,
    });

  const routes = mounts
    .filter((m) => normalise(m.prefix) !== '')
    .map((m) => ({ path: normalise(m.prefix), module: m.module }));

  @Module({
    imports: [
      PlatformModule.forRoot({ ...options, logger }),
      ...mounts.map((m) => m.module),
      ...(routes.length > 0 ? [RouterModule.register(routes)] : []),
    ],
  })
  class ServiceAppModule {}

  const app = await NestFactory.create<NestExpressApplication>(ServiceAppModule, {
    bodyParser: false,
    logger: new PinoNestLogger(logger.child({ component: 'nest' })),
    abortOnError: false,
  });
  configureHttp(app, options.config, logger);
  for (const mount of mounts)
    mountServiceIndex(app, {
      prefix: normalise(mount.prefix),
      title: mount.title,
      ...(mount.description ? { description: mount.description } : {}),
    });
  if (options.docs ?? true) {
    for (const mount of mounts) {
      setupOpenApi(app, {
        title: mount.title,
        prefix: normalise(mount.prefix),
        modules: [mount.module],
        ...(mount.description ? { description: mount.description } : {}),
        ...(mount.version ? { version: mount.version } : {}),
      });
    }
  }
  if (options.shutdownHooks ?? true) app.enableShutdownHooks();
  return app;
}

/**
 * The Express layer in front of Nest's router, in order: security headers, correlation id and
 * access log, JSON-only command bodies (415), the JSON body parser with its size limit and a
 * strict UTF-8 check, the strict edge (bounds, prototype keys, unstorable text: 400 naming the
 * field), and problem+json for what they refuse. Everything after (auth, the idempotency
 * fingerprint, class-transformer, handlers) only sees bounded, storable values.
 */
export function configureHttp(
  app: NestExpressApplication,
  config: PlatformConfig,
  logger: Logger,
): void {
  app.disable('x-powered-by');
  app.use(securityHeadersMiddleware());
  app.use(requestLoggingMiddleware(logger));
  app.use(jsonContentTypeMiddleware());
  // `verify` is left out of Nest's option type (it sets its own for rawBody, which we do not use).
  app.useBodyParser('json', {
    limit: config.BODY_LIMIT_BYTES,
    type: ['application/json', 'application/*+json'],
    verify: verifyUtf8Body,
  } as Record<string, unknown>);
  app.use(strictEdgeMiddleware());
  app.use(problemErrorMiddleware(logger));
}

function normalise(prefix: string | undefined): string {
  return (prefix ?? '').replace(/^\/+|\/+$/g, '');
}

function assertDistinctPrefixes(mounts: ServiceMount[]): void {
  const seen = new Set<string>();
  for (const mount of mounts) {
    const prefix = normalise(mount.prefix);
    if (seen.has(prefix)) throw new Error(`Two services mounted at "/${prefix}"`);
    seen.add(prefix);
  }
}
