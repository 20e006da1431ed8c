/** Every knob of `npm run bench:e2e`, from the environment, so a short run is one line. */
export interface E2eConfig {
  /** Commands per second of each step, in order. */
  rates: number[];
  stepSeconds: number;
  warmupSeconds: number;
  /** Accounts opened before the first step (the mix's population). */
  accounts: number;
  /** Invoices issued before the first step, for payments, credit notes and disputes to use. */
  setupInvoices: number;
  /** Stop after a step whose end-to-end p99 exceeds this (p99 ran away). */
  p99StopMs: number;
  /** Share of payments and issues whose cross-service visibility is polled (each poll is load). */
  visibleSample: number;
  visibleTimeoutMs: number;
  portBase: number;
  /** When set, the stack uses this database and broker; else its own on the helper's ports. */
  databaseUrl: string;
  kafkaBrokers: string | undefined;
  kafkaPort: number;
  resultsDirectory: string;
  /** Context rows (Kafka alone, a bare batched INSERT); off in the CI smoke. */
  contextRows: boolean;
}

const numberList = (text: string) => text.split(',').map((s) => Number(s.trim()));

export function e2eConfigFromEnv(env: NodeJS.ProcessEnv = process.env): E2eConfig {
  return {
    rates: numberList(env['E2E_RATES'] ?? '100,200,500,1000'),
    stepSeconds: Number(env['E2E_STEP_S'] ?? 60),
    warmupSeconds: Number(env['E2E_WARMUP_S'] ?? 30),
    accounts: Number(env['E2E_ACCOUNTS'] ?? 10_000),
    setupInvoices: Number(env['E2E_SETUP_INVOICES'] ?? 2_000),
    p99StopMs: Number(env['E2E_P99_STOP_MS'] ?? 5_000),
    visibleSample: Number(env['E2E_VISIBLE_SAMPLE'] ?? 0.2),
    visibleTimeoutMs: Number(env['E2E_VISIBLE_TIMEOUT_MS'] ?? 60_000),
    portBase: Number(env['PORT_BASE'] ?? 4800),
    databaseUrl: env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/bench_e2e',
    kafkaBrokers: env['KAFKA_BROKERS'],
    kafkaPort: Number(env['E2E_KAFKA_PORT'] ?? 9260),
    resultsDirectory: env['E2E_RESULTS_DIR'] ?? `${__dirname}/../results`,
    contextRows: (env['E2E_CONTEXT'] ?? 'on') !== 'off',
  };
}
