export * from './create-service-app';
export * from './platform.module';
export * from './platform.tokens';
export * from './run-service';
export * from './run-standalone-service';
export * from './global-seal';
