import type { Command } from 'commander';
import { formatKeptHead, readChainHead } from '@billing/event-store';
import { notFound } from '../../shared/exit-codes';
import { printJson, printLines } from '../../shared/output';
import { describeConnection } from '../../store/connection';
import { addStoreOptions, withStore, type StoreFlags } from '../../store/with-store';

interface HeadFlags extends StoreFlags {
  json?: boolean;
}

export function registerHeadCommand(program: Command): void {
  const command = program
    .command('head')
    .summary('print the global chain head an auditor keeps')
    .description(
      "Prints the head of the store's global hash chain: the last sealed global position, its " +
        'hash (which commits to every sealed event up to it), and when it was sealed. Keep ' +
        '"<position>:<hash>" somewhere the database administrators cannot write (the sealer also ' +
        'publishes heads to Kafka topic billing.audit.v1); later, `verify --expect-head ' +
        '<position>:<hash>` proves the log still extends it. Exits 1 while nothing is sealed.',
    )
    .option('--json', 'print the head as JSON');
  addStoreOptions(command).action(async (flags: HeadFlags) => {
    const { head, where } = await withStore(
      flags,
      { readOnly: true },
      async (store, connection) => ({
        head: await readChainHead(store.backend),
        where: describeConnection(connection),
      }),
    );
    if (head === null) throw notFound(`nothing is sealed yet in ${where}`);
    const keep = formatKeptHead(head);
    if (flags.json) printJson({ ...head, keep });
    else
      printLines(
        `Global chain head of ${where}: global position ${head.position}, ${head.sequence} event(s) sealed, sealed at ${head.sealedAt}`,
        `hash ${head.hash}`,
        `Keep: ${keep}`,
      );
  });
}
