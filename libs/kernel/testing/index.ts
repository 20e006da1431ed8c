// Test kit for deciders (`@billing/kernel/testing`): given/when/then specs and a running stream.
// Test code only (it calls Jest's `expect`); never imported by production code.
export { deciderSpec, given, stream } from './decider-spec';
