// A tiny service used by the platform's tests: a few routes that exercise auth, validation,
// errors and idempotency the way a billing service would.
import { Body, Controller, Get, HttpCode, Module, Param, Post, Res } from '@nestjs/common';
import type { INestApplication } from '@nestjs/common';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsOptional, IsUUID, ValidateNested } from 'class-validator';
import { DomainError, deriveId } from '@billing/kernel';
import { WrongExpectedVersion } from '@billing/event-store';
import {
  createServiceApp,
  IsCurrencyCode,
  IsDecimalAmount,
  IsFreeText,
  loadConfig,
  mintToken,
  PlatformConfig,
  RequestContext,
  Roles,
  type CreateServiceAppOptions,
  type HttpResponse,
  type Role,
} from '../src';

export const secret = 'test-secret-that-is-at-least-32-characters-long';

class LineDto {
  @IsDecimalAmount()
  quantity!: string;

  @IsDecimalAmount()
  unitPrice!: string;
}

class CreateInvoiceDto {
  @IsUUID()
  customerId!: string;

  @IsCurrencyCode()
  currency!: string;

  @IsOptional()
  @IsFreeText()
  description?: string;

  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => LineDto)
  lines!: LineDto[];
}

class NoteDto {
  @IsFreeText()
  note!: string;
}

/**
 * A database the notes route writes through, set by the test: it stands for a store that hands
 * PostgreSQL a document built from the request, as the event store does with event data.
 */
export const database: { query?: (sql: string, params: unknown[]) => Promise<unknown> } = {};

/** What the routes did, so tests can tell a replay from a second run. */
export const calls = { created: 0, slowStarted: 0 };
let releaseSlow: (() => void) | undefined;
export function finishSlowRequest(): void {
  releaseSlow?.();
}

class MoneyError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'MoneyError';
  }
}

@Controller('invoices')
class InvoicesController {
  @Get(':id')
  @Roles('billing-clerk', 'billing-manager')
  get(@Param('id') id: string) {
    return { id, correlationId: RequestContext.correlationId(), actor: RequestContext.actor() };
  }

  @Post()
  @Roles('billing-clerk', 'billing-manager')
  create(@Body() body: CreateInvoiceDto, @Res({ passthrough: true }) res: HttpResponse) {
    calls.created += 1;
    const key = RequestContext.idempotencyKey() ?? 'none';
    const id = deriveId(key, 'invoice');
    res.setHeader('Location', `/invoicing/invoices/${id}`);
    return {
      id,
      run: calls.created,
      lines: body.lines.length,
      isDto: body instanceof CreateInvoiceDto,
    };
  }

  @Post(':id/issue')
  @HttpCode(200)
  issue(): never {
    throw new DomainError('INVOICE_ALREADY_ISSUED', 'The invoice was already issued.', 'conflict');
  }

  @Post(':id/void')
  @HttpCode(200)
  void(): never {
    throw new DomainError('INVOICE_NOT_VOIDABLE', 'A paid invoice cannot be voided.', 'invalid', [
      { field: 'reason', reason: 'is required for a paid invoice' },
    ]);
  }

  @Post(':id/price')
  @HttpCode(200)
  price(): never {
    throw new MoneyError('CURRENCY_MISMATCH', 'EUR and USD cannot be added.', 'lines[1].unitPrice');
  }

  @Post(':id/race')
  race(): never {
    throw new WrongExpectedVersion('invoice-1', 3, 4);
  }

  @Get(':id/boom')
  boom(): never {
    throw new Error('connection to postgres://app:hunter2@db failed');
  }

  /** Stores the note with a NUL beside it: PostgreSQL refuses, quoting the document in `where`. */
  @Post(':id/notes')
  async note(@Body() body: NoteDto) {
    const document = JSON.stringify({ contact: body.note, memo: 'a\u0000b' });
    await database.query?.('SELECT $1::jsonb AS document', [document]);
    return { stored: true };
  }

  @Post(':id/slow')
  async slow() {
    calls.slowStarted += 1;
    await new Promise<void>((resolve) => {
      releaseSlow = resolve;
    });
    return { done: true };
  }
}

@Module({ controllers: [InvoicesController] })
class InvoicingModule {}

@Controller('receipts')
class PaymentsController {
  @Get()
  list() {
    return [];
  }
}

@Module({ controllers: [PaymentsController] })
class PaymentsModule {}

export interface SampleApp {
  app: INestApplication;
  logs: Array<Record<string, unknown>>;
  token(roles: Role[], sub?: string): Promise<string>;
}

/** Both sample services in one process, as the embedded mode runs them. */
export async function startSampleApp(
  overrides: Partial<CreateServiceAppOptions> = {},
  env: Record<string, string> = {},
): Promise<SampleApp> {
  const config = loadConfig(PlatformConfig, {
    SERVICE_NAME: 'invoicing',
    JWT_SECRET: secret,
    JWT_ISSUER: 'https://id.billing.example',
    JWT_AUDIENCE: 'billing',
    LOG_LEVEL: 'info',
    ...env,
  });
  const logs: Array<Record<string, unknown>> = [];
  const app = await createServiceApp(
    [
      { module: InvoicingModule, prefix: 'invoicing', title: 'Invoicing' },
      { module: PaymentsModule, prefix: 'payments', title: 'Payments' },
    ],
    {
      config,
      logDestination: {
        write: (line: string) => void logs.push(JSON.parse(line) as Record<string, unknown>),
      },
      ...overrides,
    },
  );
  await app.init();
  return {
    app,
    logs,
    token: (roles, sub = 'user-1') =>
      mintToken({
        sub,
        roles,
        secret,
        issuer: 'https://id.billing.example',
        audience: 'billing',
        ttl: 300,
      }),
  };
}
