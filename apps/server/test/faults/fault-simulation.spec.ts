import { runSimulation } from './simulation';

jest.setTimeout(300_000);

/**
 * The simulation layer of the fault suite (see README.md here): fixed seeds that must always
 * pass, plus one fresh seed per run, printed so that a failure replays with FAULT_SEED=<seed>.
 */
// 1274135458: a redelivered InvoiceIssued re-decided an allocation on moved state under the same
// event ids and stopped payments' follower (fixed in handleCommand: a key's earlier effect answers).
const fixedSeeds = [1, 42, 2026, 1274135458];
const replaySeed = process.env['FAULT_SEED'];
const seeds = replaySeed
  ? [Number(replaySeed)]
  : [...fixedSeeds, Math.floor(Math.random() * 2 ** 31)];

describe('relays, consumers and process managers under a seeded storm of faults', () => {
  it.each(seeds)('seed %i: nothing lost, nothing doubled, order and books kept', async (seed) => {
    const summary = await runSimulation(seed);
    process.stdout.write(`fault simulation ${JSON.stringify(summary)}\n`);
    expect(summary.commandsAcknowledged).toBeGreaterThan(20);
    expect(summary.faults).toBeGreaterThan(0);
  });
});
