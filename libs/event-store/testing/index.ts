// Test kit for the event store (`@billing/event-store/testing`): the contract suite every adapter
// runs, and small helpers for specs. Test code only; never imported by production code.
export {
  runEventStoreContract,
  newEvent,
  freshCategory,
  collect,
  type EventStoreFactory,
  type ContractOptions,
} from './event-store.contract';
