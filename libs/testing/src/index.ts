export * from './kafka';
export * from './postgres';
export * from './event-schema-validator';
