import type { StreamAppend } from '../port/event-store.port';
import { DuplicateEventIdConflict, WrongExpectedVersion } from '../port/errors';
import type { EventStore } from '../port/event-store.port';
import {
  expectedAt,
  toNewEvents,
  type CommandContext,
  type DomainEvent,
  type HandleCommandOptions,
} from './handle-command';

/** What one command decided for one stream, read at `streamVersion` (0: it did not exist). */
export interface PlannedAppend {
  streamId: string;
  streamVersion: number;
  events: DomainEvent[];
  /** Where this stream's event ids derive from another key than the command's (a number's). */
  context?: CommandContext;
}

/** One decision over several streams, and what the command answers when it is appended. */
export interface TogetherPlan<Answer> {
  appends: PlannedAppend[];
  answer: Answer;
}

const retryCountMaxDefault = 5;

/**
 * The command loop for a decision whose events go to more than one stream (a write-off and the
 * account's running total; a document and its number): `plan` loads and decides, the events are
 * appended all or none with each stream's expected version, and on a version conflict the whole
 * decision is taken again on fresh state (bounded). The answer is the plan's, that is, from what
 * was decided, never from a read model.
 */
export async function handleCommandsTogether<Answer>(
  store: EventStore,
  context: CommandContext,
  plan: () => Promise<TogetherPlan<Answer>>,
  options: HandleCommandOptions = {},
): Promise<Answer> {
  const retryCountMax = options.retryCountMax ?? retryCountMaxDefault;
  for (let attempt = 0; ; attempt++) {
    const decided = await plan();
    const appends: StreamAppend[] = decided.appends
      .filter((a) => a.events.length > 0)
      .map((a) => ({
        streamId: a.streamId,
        events: toNewEvents(a.events, a.streamId, a.context ?? context, options),
        expected: expectedAt(a.streamVersion),
      }));
    if (appends.length === 0) return decided.answer;
    try {
      await store.appendToStreams(appends);
      return decided.answer;
    } catch (error) {
      const retryable =
        error instanceof WrongExpectedVersion || error instanceof DuplicateEventIdConflict;
      if (!retryable || attempt >= retryCountMax) throw error;
    }
  }
}
