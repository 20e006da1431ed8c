export * from './start-service-test-app';
export * from './end-to-end';
export * from './http-requests';
export * from './log-rewrite';
