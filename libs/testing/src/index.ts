export * from './kafka';
export * from './postgres';
export * from './event-schema-validator';
export * from './own-kafka';
export * from './throwaway-postgres';
export * from './compiled-typescript';
export * from './pdf-text';
