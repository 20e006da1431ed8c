import fc from 'fast-check';

/** Two currencies with different minor units: none (yen) and three (Kuwaiti dinar). */
const currencies = ['JPY', 'KWD'] as const;
export type TestCurrency = (typeof currencies)[number];

export interface LineIntent {
  quantity: string;
  /** The unit price in minor units of the account's currency. */
  unitPriceMinor: number;
  taxRate: string;
}

/**
 * What a coordinator does next, with its targets as picks (an index taken modulo the invoices or
 * payments the run has made so far), so any sequence is meaningful whatever came before it.
 */
export type BillingIntent =
  | { kind: 'issue'; account: number; lines: LineIntent[] }
  | {
      kind: 'credit';
      invoice: number;
      /** `aboveOpen` credits more than is open: it must be refused and change nothing. */
      scope: 'part' | 'line' | 'whole' | 'aboveOpen';
      percent: number;
    }
  /** A corrected invoice: the original credited in full, a new one issued in its place. */
  | { kind: 'correct'; invoice: number; lines: LineIntent[] }
  /** `remit`: how many open invoices the payer's remittance advice names (0: oldest due first). */
  | { kind: 'pay'; account: number; remit: 0 | 1 | 2; percent: number }
  /** The unapplied part, oldest due first or by instruction to one invoice. */
  | { kind: 'allocate'; payment: number; instructed: boolean; percent: number }
  | { kind: 'reverse'; payment: number }
  | { kind: 'refund'; payment: number; percent: number }
  | { kind: 'chargeback'; payment: number; percent: number }
  | {
      kind: 'writeOff';
      invoice: number;
      percent: number;
      /** What a second billing manager does with a write-off above the threshold. */
      decision: 'approve' | 'selfApprovalThenApprove' | 'reject';
    }
  | { kind: 'void'; invoice: number }
  /**
   * A customer disputes an issued invoice. `aboveOpen` asks for more than is left to dispute: it
   * must be refused naming `amount` and hold nothing. `wrongRole`: a collections agent tries first
   * and must get 403.
   */
  | {
      kind: 'dispute';
      invoice: number;
      scope: 'whole' | 'lines' | 'amount' | 'aboveOpen';
      percent: number;
      wrongRole: boolean;
    }
  /**
   * A dispute's outcome, on one the run opened or one a chargeback opened. `wrongRole`: someone
   * the API does not allow (a clerk deciding, an agent withdrawing) tries first and must get 403.
   */
  | {
      kind: 'resolveDispute';
      dispute: number;
      outcome: 'acceptFull' | 'acceptPart' | 'reject' | 'withdraw';
      percent: number;
      wrongRole: boolean;
    }
  /** Let every service and the ledger catch up before the next command. */
  | { kind: 'settle' }
  | { kind: 'advance'; days: number };

export interface BillingRunPlan {
  /** One currency per billing account: both currencies, and sometimes a third account. */
  accounts: TestCurrency[];
  intents: BillingIntent[];
}

const pick = fc.nat({ max: 999 });
const percent = fc.integer({ min: 1, max: 100 });

const line: fc.Arbitrary<LineIntent> = fc.record({
  quantity: fc.constantFrom('1', '2', '3', '0.5', '1.25'),
  unitPriceMinor: fc.integer({ min: 1, max: 400_000 }),
  taxRate: fc.constantFrom('0', '0.05', '0.075', '0.2'),
});

const billingIntent: fc.Arbitrary<BillingIntent> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('issue' as const),
      account: pick,
      lines: fc.array(line, { minLength: 1, maxLength: 3 }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('credit' as const),
      invoice: pick,
      scope: fc.constantFrom(
        'part' as const,
        'line' as const,
        'whole' as const,
        'aboveOpen' as const,
      ),
      percent,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('correct' as const),
      invoice: pick,
      lines: fc.array(line, { minLength: 1, maxLength: 2 }),
    }),
  },
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('pay' as const),
      account: pick,
      remit: fc.constantFrom(0 as const, 1 as const, 2 as const),
      // Up to 160% of what is open: overpayments leave unapplied credit.
      percent: fc.integer({ min: 1, max: 160 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('allocate' as const),
      payment: pick,
      instructed: fc.boolean(),
      percent,
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('reverse' as const), payment: pick }) },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('refund' as const), payment: pick, percent }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('chargeback' as const), payment: pick, percent }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('writeOff' as const),
      invoice: pick,
      percent,
      decision: fc.constantFrom(
        'approve' as const,
        'selfApprovalThenApprove' as const,
        'reject' as const,
      ),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('void' as const), invoice: pick }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('dispute' as const),
      invoice: pick,
      scope: fc.constantFrom(
        'whole' as const,
        'lines' as const,
        'amount' as const,
        'aboveOpen' as const,
      ),
      percent,
      wrongRole: fc.boolean(),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('resolveDispute' as const),
      dispute: pick,
      outcome: fc.constantFrom(
        'acceptFull' as const,
        'acceptPart' as const,
        'reject' as const,
        'withdraw' as const,
      ),
      percent,
      wrongRole: fc.boolean(),
    }),
  },
  { weight: 2, arbitrary: fc.constant({ kind: 'settle' as const }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('advance' as const),
      days: fc.integer({ min: 1, max: 45 }),
    }),
  },
);

/** A run: 2 or 3 fresh accounts (JPY, KWD and maybe one more) and up to `intentCountMax` intents. */
export function billingRunPlan(intentCountMax: number): fc.Arbitrary<BillingRunPlan> {
  return fc.record({
    accounts: fc
      .option(fc.constantFrom(...currencies), { nil: undefined })
      .map((third): TestCurrency[] => (third ? ['JPY', 'KWD', third] : ['JPY', 'KWD'])),
    // `size: 'max'`: long sequences are the point; fast-check would otherwise keep them short.
    intents: fc.array(billingIntent, {
      minLength: Math.min(10, intentCountMax),
      maxLength: intentCountMax,
      size: 'max',
    }),
  });
}
