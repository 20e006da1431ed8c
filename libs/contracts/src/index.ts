export * from './common';
export * from './streams';
export * from './invoicing.events';
export * from './payments.events';
export * from './collections.events';
export * from './disputes.events';
export * from './event-catalog';
export * from './audit.messages';
