export * from './start-service-test-app';
