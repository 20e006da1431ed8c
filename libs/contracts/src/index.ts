export * from './collections.events';
export * from './disputes.events';
