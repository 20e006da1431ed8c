import { IsUrl } from 'class-validator';
import { ConfigError } from './config-error';
import { loadConfig } from './load-config';
import { PlatformConfig } from './platform-config';

const secret = 'a-local-development-secret-of-32-chars+';
const base = { SERVICE_NAME: 'invoicing', JWT_SECRET: secret };

function problemsOf(env: Record<string, string>, configClass: new () => object = PlatformConfig) {
  try {
    loadConfig(configClass, env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return { message: (error as ConfigError).message, problems: (error as ConfigError).problems };
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('reads typed settings with defaults', () => {
    const config = loadConfig(PlatformConfig, {
      ...base,
      PORT: '8080',
      KAFKA_BROKERS: 'a:9092, b:9093',
    });
    expect(config.PORT).toBe(8080);
    expect(config.LOG_LEVEL).toBe('info');
    expect(config.KAFKA_BROKERS).toEqual(['a:9092', 'b:9093']);
    expect(config.BODY_LIMIT_BYTES).toBe(2_097_152);
    expect(config.IDEMPOTENCY_TTL_SECONDS).toBe(86_400);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('ignores the rest of the environment', () => {
    const config = loadConfig(PlatformConfig, { ...base, HOME: '/root' }) as unknown as Record<
      string,
      unknown
    >;
    expect(config['HOME']).toBeUndefined();
  });

  it('names each wrong or missing variable and why, without its value', () => {
    const { message, problems } = problemsOf({
      PORT: 'eighty',
      LOG_LEVEL: 'loud',
      JWT_SECRET: 'short-secret-value',
    });
    expect(problems.map((p) => p.variable)).toEqual(
      expect.arrayContaining(['SERVICE_NAME', 'PORT', 'LOG_LEVEL', 'JWT_SECRET']),
    );
    expect(message).toMatch(/PORT must be a whole number/);
    expect(message).toMatch(/JWT_SECRET must be at least 32 characters/);
    expect(message).not.toContain('short-secret-value');
    expect(message).not.toContain('eighty');
  });

  it('requires exactly one way to verify tokens', () => {
    expect(problemsOf({ SERVICE_NAME: 'invoicing' }).problems[0]?.variable).toBe('JWT_PUBLIC_KEY');
    expect(
      problemsOf({ ...base, JWT_PUBLIC_KEY: '{"kty":"EC"}', JWT_ALGORITHM: 'ES256' }).problems[0]
        ?.variable,
    ).toBe('JWT_SECRET');
    expect(
      problemsOf({ SERVICE_NAME: 'invoicing', JWT_PUBLIC_KEY: '{"kty":"EC"}' }).problems[0]
        ?.variable,
    ).toBe('JWT_ALGORITHM');
  });

  it('lets a service add its own settings', () => {
    class InvoicingConfig extends PlatformConfig {
      @IsUrl({ require_tld: false }, { message: 'must be a URL' })
      INVOICE_PDF_BASE_URL!: string;
    }
    const config = loadConfig(InvoicingConfig, {
      ...base,
      INVOICE_PDF_BASE_URL: 'http://pdf.local/',
    });
    expect(config.INVOICE_PDF_BASE_URL).toBe('http://pdf.local/');
    expect(config.SERVICE_NAME).toBe('invoicing');
    expect(problemsOf(base, InvoicingConfig).problems).toEqual([
      { variable: 'INVOICE_PDF_BASE_URL', reason: 'must be a URL' },
    ]);
  });
});
