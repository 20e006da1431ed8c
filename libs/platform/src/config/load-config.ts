import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, validateSync, type ValidationError } from 'class-validator';
import { ConfigError, type ConfigProblem } from './config-error';
import { PlatformConfig } from './platform-config';

type ConfigClass<T> = new () => T;

/**
 * Reads `configClass`'s properties from the environment and validates them, so a service stops at
 * start-up instead of failing on its first request. Throws ConfigError naming each offending
 * variable and the rule it breaks; values are left out because they may be secrets.
 */
export function loadConfig<T extends object>(
  configClass: ConfigClass<T>,
  env: NodeJS.ProcessEnv = process.env,
): T {
  const names = declaredSettings(configClass);
  const raw: Record<string, unknown> = {};
  for (const name of names) {
    const value = env[name];
    // Empty means unset, so `FOO=` in a .env file does not defeat a default.
    if (value !== undefined && value !== '') raw[name] = value;
  }
  const config = plainToInstance(configClass, raw, { exposeDefaultValues: true });
  const problems = validateSync(config).flatMap((error) => describe(error, ''));
  if (config instanceof PlatformConfig) problems.push(...jwtProblems(config));
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(config);
}

/** Every setting the class declares: each carries at least one validation decorator. */
function declaredSettings(configClass: ConfigClass<unknown>): string[] {
  const metadata = getMetadataStorage().getTargetValidationMetadatas(configClass, '', true, false);
  return [...new Set(metadata.map((m) => m.propertyName))];
}

function describe(error: ValidationError, prefix: string): ConfigProblem[] {
  const variable = `${prefix}${error.property}`;
  const own = Object.values(error.constraints ?? {}).map((message) => ({
    variable,
    reason: stripName(message, error.property),
  }));
  const children = (error.children ?? []).flatMap((child) => describe(child, `${variable}.`));
  return [...own, ...children];
}

/** class-validator's default messages start with the property name; we print it ourselves. */
function stripName(message: string, property: string): string {
  return message.startsWith(`${property} `) ? message.slice(property.length + 1) : message;
}

function jwtProblems(config: PlatformConfig): ConfigProblem[] {
  if (config.JWT_SECRET && config.JWT_PUBLIC_KEY) {
    return [
      {
        variable: 'JWT_SECRET',
        reason: 'must not be set together with JWT_PUBLIC_KEY; choose one',
      },
    ];
  }
  if (!config.JWT_SECRET && !config.JWT_PUBLIC_KEY) {
    return [
      {
        variable: 'JWT_PUBLIC_KEY',
        reason:
          'or JWT_SECRET is required (RS256/ES256 public key in production, HS256 secret locally)',
      },
    ];
  }
  if (config.JWT_PUBLIC_KEY && !config.JWT_ALGORITHM) {
    return [
      { variable: 'JWT_ALGORITHM', reason: 'is required with JWT_PUBLIC_KEY (RS256 or ES256)' },
    ];
  }
  return [];
}
