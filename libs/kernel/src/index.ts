export * from './clock';
export * from './decider';
export * from './errors';
export * from './ids';
export * from './calendar-date';
export * from './error-summary';
