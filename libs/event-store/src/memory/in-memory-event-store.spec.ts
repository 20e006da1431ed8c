import { runEventStoreContract } from '../../testing/event-store.contract';
import { createInMemoryEventStore } from './in-memory-event-store';

runEventStoreContract('in-memory', async () => createInMemoryEventStore());
