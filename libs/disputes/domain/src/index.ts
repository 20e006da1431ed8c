export * from './dispute/business-days';
export * from './dispute/chargeback-to-open-dispute';
export * from './dispute/dispute.commands';
export * from './dispute/dispute.decider';
export * from './dispute/dispute.state';
export * from './queries/dispute-timeline.query';
export * from './queries/open-disputes.query';
