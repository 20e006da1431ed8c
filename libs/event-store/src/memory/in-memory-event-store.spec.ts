import { runEventStoreContract } from '../contract/event-store.contract';
import { createInMemoryEventStore } from './in-memory-event-store';

runEventStoreContract('in-memory', async () => createInMemoryEventStore());
