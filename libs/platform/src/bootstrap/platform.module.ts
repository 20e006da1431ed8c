import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE, Reflector } from '@nestjs/core';
import { systemClock, type Clock } from '@billing/kernel';
import { followerRegistry, type FollowerRegistry } from '@billing/messaging';
import type { Logger } from 'pino';
import { AccessLogInterceptor } from '../access-log/access-log.interceptor';
import { ACCESS_LOG, type AccessLog } from '../access-log/access-log.port';
import { BatchedAccessLog } from '../access-log/batched-access-log';
import { InMemoryAccessLogStore } from '../access-log/sql-access-log.store';
import { AuthGuard } from '../auth/auth.guard';
import { TokenVerifier } from '../auth/token-verifier';
import type { PlatformConfig } from '../config/platform-config';
import { ProblemFilter } from '../errors/problem.filter';
import { followersReadinessCheck } from '../health/followers-readiness.check';
import { HealthController } from '../health/health.controller';
import type { ReadinessCheck } from '../health/readiness-check.port';
import { ReadinessRegistry } from '../health/readiness.registry';
import { IDEMPOTENCY_STORE, type IdempotencyStore } from '../idempotency/idempotency-store.port';
import { IdempotencyInterceptor } from '../idempotency/idempotency.interceptor';
import { InMemoryIdempotencyStore } from '../idempotency/in-memory-idempotency-store.adapter';
import { FollowersController } from '../operations/followers.http.controller';
import { createValidationPipe } from '../validation/validation.pipe';
import { BodylessRouteGuard } from '../validation/bodyless-route.guard';
import { AuditHeadController, GLOBAL_SEAL } from '../audit/audit-head.http.controller';
import type { GlobalSeal } from './global-seal';
import type { SharedTestClock } from '../test-clock/shared-test-clock';
import { TEST_CLOCK, TestClockController } from '../test-clock/test-clock.http.controller';
import { TestClockRefreshInterceptor } from '../test-clock/test-clock-refresh.interceptor';
import {
  FOLLOWER_REGISTRY,
  PLATFORM_CLOCK,
  PLATFORM_CONFIG,
  PLATFORM_LOGGER,
} from './platform.tokens';

export interface PlatformModuleOptions {
  /** Loaded with `loadConfig`; also injectable by its own class (e.g. `InvoicingConfig`). */
  config: PlatformConfig;
  logger: Logger;
  /** Default: in memory, for tests; services pass the PostgreSQL store (PGlite when embedded). */
  idempotencyStore?: IdempotencyStore;
  idempotency?: { required?: boolean; leaseMs?: number };
  readinessChecks?: ReadinessCheck[];
  clock?: Clock;
  /** Whose followers `/ready` and `/operations/followers` report; default the process's. */
  followers?: FollowerRegistry;
  /** This process's global sealer: serves /audit/head and reports the seal lag on /ready. */
  globalSeal?: GlobalSeal;
  /**
   * Where `@AuditedRead` routes record who read which account. Default: in memory, for tests;
   * services pass a BatchedAccessLog over `platform.access_log`. Closed with the app.
   */
  accessLog?: AccessLog;
  /**
   * The test clock, outside production mode only: serves GET/POST /system/clock (absent, the
   * route does not exist). Its `clock` is the services' business clock; `clock` above stays the
   * platform's own time (idempotency expiry, access log).
   */
  testClock?: SharedTestClock;
}

/** Writes what the access log still holds when the app closes (before the pool is ended). */
class AccessLogShutdown {
  constructor(private readonly accessLog: AccessLog) {}

  onApplicationShutdown(): Promise<void> {
    return this.accessLog.close();
  }
}

/** A crashed request's claim on its Idempotency-Key is taken over after this long. */
const defaultLeaseMs = 60_000;

/**
 * Registers the platform globally: config, logger, clock, bearer-token guard, problem+json
 * filter, validation pipe, idempotency interceptor and store, readiness registry (with the
 * process's followers), the /health and /ready routes and the operators' /operations/followers.
 * `createServiceApp` imports it; import it yourself only when you build the Nest application by
 * hand (then also apply `configureHttp`).
 */
@Module({})
export class PlatformModule {
  static forRoot(options: PlatformModuleOptions): DynamicModule {
    const { config, logger } = options;
    const store =
      options.idempotencyStore ?? new InMemoryIdempotencyStore(options.clock ?? systemClock);
    const followers = options.followers ?? followerRegistry;
    const clock = options.clock ?? systemClock;
    const accessLog =
      options.accessLog ?? new BatchedAccessLog(new InMemoryAccessLogStore(), { logger });
    const providers: Provider[] = [
      { provide: PLATFORM_CONFIG, useValue: config },
      { provide: config.constructor, useValue: config },
      { provide: PLATFORM_LOGGER, useValue: logger },
      { provide: PLATFORM_CLOCK, useValue: options.clock ?? systemClock },
      { provide: IDEMPOTENCY_STORE, useValue: store },
      { provide: ACCESS_LOG, useValue: accessLog },
      { provide: AccessLogShutdown, useFactory: () => new AccessLogShutdown(accessLog) },
      {
        provide: APP_INTERCEPTOR,
        inject: [Reflector],
        useFactory: (reflector: Reflector) =>
          new AccessLogInterceptor(reflector, accessLog, clock, config.SERVICE_NAME),
      },
      { provide: TokenVerifier, useValue: new TokenVerifier(config) },
      {
        provide: ReadinessRegistry,
        useValue: new ReadinessRegistry([
          ...(options.readinessChecks ?? []),
          ...(options.globalSeal ? [options.globalSeal.readiness] : []),
          followersReadinessCheck(followers),
        ]),
      },
      { provide: FOLLOWER_REGISTRY, useValue: followers },
      {
        provide: APP_GUARD,
        inject: [Reflector, TokenVerifier],
        useFactory: (reflector: Reflector, verifier: TokenVerifier) =>
          new AuthGuard(reflector, verifier),
      },
      { provide: APP_GUARD, useClass: BodylessRouteGuard },
      { provide: APP_FILTER, useValue: new ProblemFilter(logger) },
      { provide: APP_PIPE, useValue: createValidationPipe() },
      {
        provide: APP_INTERCEPTOR,
        inject: [Reflector],
        useFactory: (reflector: Reflector) =>
          new IdempotencyInterceptor(
            reflector,
            store,
            {
              scope: config.SERVICE_NAME,
              ttlMs: config.IDEMPOTENCY_TTL_SECONDS * 1_000,
              leaseMs: options.idempotency?.leaseMs ?? defaultLeaseMs,
              required: options.idempotency?.required ?? true,
            },
            logger,
          ),
      },
    ];
    if (options.globalSeal) providers.push({ provide: GLOBAL_SEAL, useValue: options.globalSeal });
    providers.push(...testClockProviders(options.testClock));
    return {
      module: PlatformModule,
      global: true,
      controllers: [
        HealthController,
        FollowersController,
        ...(options.globalSeal ? [AuditHeadController] : []),
        ...(options.testClock ? [TestClockController] : []),
      ],
      providers,
      exports: [
        PLATFORM_CONFIG,
        config.constructor,
        PLATFORM_LOGGER,
        PLATFORM_CLOCK,
        IDEMPOTENCY_STORE,
        ACCESS_LOG,
        TokenVerifier,
        ReadinessRegistry,
        FOLLOWER_REGISTRY,
      ],
    };
  }
}

/** The test clock's route, and its refresh before every request when processes share it. */
function testClockProviders(testClock: SharedTestClock | undefined): Provider[] {
  if (!testClock) return [];
  return [
    { provide: TEST_CLOCK, useValue: testClock },
    ...(testClock.shared
      ? [{ provide: APP_INTERCEPTOR, useValue: new TestClockRefreshInterceptor(testClock) }]
      : []),
  ];
}
