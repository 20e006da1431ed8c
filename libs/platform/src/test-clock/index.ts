export * from './clock-offset.store';
export * from './move-clock.dto';
export * from './shared-test-clock';
export { TEST_CLOCK, TestClockController } from './test-clock.http.controller';
export * from './test-clock-refresh.interceptor';
