export * from './port/envelope';
export * from './port/errors';
export * from './port/event-store.port';
