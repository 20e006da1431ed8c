import { Body, Controller, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import { RequestValidationError } from '../errors/request-validation.error';
import { advanceDaysMax, MoveClockDto } from './move-clock.dto';
import type { ClockReading, SharedTestClock } from './shared-test-clock';

export const TEST_CLOCK = Symbol('TestClock');

const moveFields = ['instant', 'date', 'advanceDays', 'advanceSeconds'] as const;

/**
 * The test clock, outside production mode only (the route does not exist otherwise): read or
 * move the system's business time, as Stripe Billing's test clocks do. Outside every service
 * prefix, like /ready: it is the process's (and, on the stack, the run's) one clock.
 */
@ApiTags('system')
@Controller('system/clock')
export class TestClockController {
  constructor(@Inject(TEST_CLOCK) private readonly testClock: SharedTestClock) {}

  @Get()
  @ApiOperation({ summary: "The system's business time (the test clock)" })
  async read(): Promise<ClockReading> {
    await this.testClock.refresh();
    return this.testClock.reading();
  }

  /** Billing managers operate the system (as for /operations/followers). */
  @Post()
  @HttpCode(200)
  @Roles('billing-manager')
  @ApiOperation({ summary: 'Set or advance the test clock (never before the last recorded event)' })
  async move(@Body() dto: MoveClockDto): Promise<ClockReading> {
    const given = moveFields.filter((field) => dto[field] !== undefined);
    if (given.length !== 1) {
      throw new RequestValidationError(
        (given.length === 0 ? moveFields : given).map((field) => ({
          field,
          reason: 'give exactly one of instant, date, advanceDays, advanceSeconds',
        })),
      );
    }
    await this.testClock.refresh();
    const field = given[0] as (typeof moveFields)[number];
    return this.testClock.moveTo(this.target(dto, field), field);
  }

  private target(dto: MoveClockDto, field: (typeof moveFields)[number]): Date {
    const now = this.testClock.clock.now();
    switch (field) {
      case 'instant':
        return new Date(dto.instant as string);
      case 'date': {
        const date = dto.date as string;
        // The clock already reads that day: it stays where it is (the day is not restarted).
        if (now.toISOString().slice(0, 10) === date) return now;
        return new Date(`${date}T00:00:00.000Z`);
      }
      case 'advanceDays':
        return new Date(
          now.getTime() + Math.min(dto.advanceDays ?? 0, advanceDaysMax) * 86_400_000,
        );
      case 'advanceSeconds':
        return new Date(now.getTime() + (dto.advanceSeconds ?? 0) * 1_000);
    }
  }
}
