import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE, Reflector } from '@nestjs/core';
import { systemClock, type Clock } from '@billing/kernel';
import { followerRegistry, type FollowerRegistry } from '@billing/messaging';
import type { Logger } from 'pino';
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
    const providers: Provider[] = [
      { provide: PLATFORM_CONFIG, useValue: config },
      { provide: config.constructor, useValue: config },
      { provide: PLATFORM_LOGGER, useValue: logger },
      { provide: PLATFORM_CLOCK, useValue: options.clock ?? systemClock },
      { provide: IDEMPOTENCY_STORE, useValue: store },
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
    return {
      module: PlatformModule,
      global: true,
      controllers: [
        HealthController,
        FollowersController,
        ...(options.globalSeal ? [AuditHeadController] : []),
      ],
      providers,
      exports: [
        PLATFORM_CONFIG,
        config.constructor,
        PLATFORM_LOGGER,
        PLATFORM_CLOCK,
        IDEMPOTENCY_STORE,
        TokenVerifier,
        ReadinessRegistry,
        FOLLOWER_REGISTRY,
      ],
    };
  }
}
