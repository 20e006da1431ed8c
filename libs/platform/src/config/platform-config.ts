import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';

const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value.trim()) : value;

const toList = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string'
    ? value
        .split(',')
        .map((part) => part.trim())
        .filter(Boolean)
    : value;

export const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof logLevels)[number];

/** Default of `JWT_LIFETIME_SECONDS_MAX`: 12 hours. */
export const defaultJwtLifetimeSecondsMax = 12 * 3_600;

export const jwtAlgorithms = ['HS256', 'RS256', 'ES256'] as const;
export type JwtAlgorithm = (typeof jwtAlgorithms)[number];

/**
 * Settings every service reads from its environment. Property names are the variable names, so a
 * validation message names the variable to fix. A service extends this class with its own
 * settings (`class InvoicingConfig extends PlatformConfig { ... }`) and passes it to
 * `loadConfig` / `createServiceApp`.
 */
export class PlatformConfig {
  @Matches(/^[a-z][a-z0-9-]{1,62}$/, {
    message: 'must be lowercase letters, digits and hyphens, e.g. invoicing',
  })
  SERVICE_NAME!: string;

  @Transform(toInt)
  @IsInt({ message: 'must be a whole number' })
  @Min(0, { message: 'must be 0 or more' })
  @Max(65_535, { message: 'must be at most 65535' })
  PORT = 3000;

  @IsIn(logLevels, { message: `must be one of ${logLevels.join(', ')}` })
  LOG_LEVEL: LogLevel = 'info';

  /** Shared secret for HS256 tokens (local development). At least 32 characters. */
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'must be at least 32 characters (256 bits) for HS256' })
  JWT_SECRET?: string;

  /** SPKI PEM (or a JWK as JSON) of the key that signs RS256/ES256 tokens (production). */
  @IsOptional()
  @IsString()
  @Matches(/^(-----BEGIN PUBLIC KEY-----[\s\S]+-----END PUBLIC KEY-----\s*|\{[\s\S]*\})$/, {
    message: 'must be a PEM "BEGIN PUBLIC KEY" block or a JWK as JSON',
  })
  JWT_PUBLIC_KEY?: string;

  /** Algorithm of JWT_PUBLIC_KEY; HS256 is implied by JWT_SECRET. */
  @IsOptional()
  @IsIn(['RS256', 'ES256'], { message: 'must be RS256 or ES256 (HS256 is implied by JWT_SECRET)' })
  JWT_ALGORITHM?: 'RS256' | 'ES256';

  @IsOptional()
  @IsString()
  @MaxLength(500)
  JWT_ISSUER?: string;

  @IsOptional()
  @IsString()
  @MaxLength(500)
  JWT_AUDIENCE?: string;

  /**
   * Longest lifetime (`exp - iat`) a bearer token may have; a token minted for longer is refused
   * even before it expires, so a leaked one dies soon. 12 hours: one working day.
   */
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of seconds' })
  @Min(60, { message: 'must be at least 60 seconds' })
  @Max(7 * 86_400, { message: 'must be at most 7 days (604800 seconds)' })
  JWT_LIFETIME_SECONDS_MAX: number = defaultJwtLifetimeSecondsMax;

  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'must be a postgres:// connection URL' })
  DATABASE_URL?: string;

  @IsOptional()
  @Transform(toList)
  @ArrayMinSize(1, { message: 'must list at least one host:port' })
  @ArrayMaxSize(50)
  @Matches(/^[\w.-]+:\d{1,5}$/, {
    each: true,
    message: 'must be a comma-separated list of host:port',
  })
  KAFKA_BROKERS?: string[];

  /**
   * Largest JSON request body accepted, in bytes; larger bodies get 413. 2 MiB holds the largest
   * valid command (an invoice of 500 lines with 1,000-character descriptions, about 0.7 MiB), so
   * an over-long field below that size reaches validation and is refused naming the field.
   */
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of bytes' })
  @Min(1_024, { message: 'must be at least 1024 bytes' })
  @Max(10 * 1024 * 1024, { message: 'must be at most 10 MiB' })
  BODY_LIMIT_BYTES: number = 2 * 1024 * 1024;

  /** How long a stored Idempotency-Key response is replayed. */
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of seconds' })
  @Min(60, { message: 'must be at least 60 seconds' })
  @Max(30 * 86_400, { message: 'must be at most 30 days' })
  IDEMPOTENCY_TTL_SECONDS = 86_400;

  /**
   * The test clock (`GET/POST /system/clock`, business time set or advanced by an operator):
   * `on` or `off`. Embedded (`npm start`) it is on unless `off`; a stack service has it only when
   * `on`, never in production. Absent and off, the route does not exist.
   */
  @IsOptional()
  @IsIn(['on', 'off'], { message: 'must be on or off' })
  TEST_CLOCK?: 'on' | 'off';

  /** How often the sealer publishes the global chain head to billing.audit.v1 (seconds). */
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of seconds' })
  @Min(1, { message: 'must be at least 1 second' })
  @Max(86_400, { message: 'must be at most 1 day' })
  SEAL_ANCHOR_INTERVAL_SECONDS = 60;

  /** /ready reports the global seal down when a committed event has waited longer than this. */
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of seconds' })
  @Min(2, { message: 'must be at least 2 seconds' })
  @Max(86_400, { message: 'must be at most 1 day' })
  SEAL_LAG_MAX_SECONDS = 30;
}
