import type { CallHandler, ExecutionContext, NestInterceptor } from '@nestjs/common';
import { from, switchMap, type Observable } from 'rxjs';
import type { SharedTestClock } from './shared-test-clock';

/**
 * On the local stack another service may have moved the shared test clock a moment ago: every
 * request reads the stored offset first, so a command sent right after `POST /system/clock` to
 * any service sees the new time. Installed only when the test clock is on and shared.
 */
export class TestClockRefreshInterceptor implements NestInterceptor {
  constructor(private readonly testClock: SharedTestClock) {}

  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return from(this.testClock.refresh()).pipe(switchMap(() => next.handle()));
  }
}
