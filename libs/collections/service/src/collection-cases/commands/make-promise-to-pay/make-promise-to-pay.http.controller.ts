import { Body, Controller, Param, Post, Res } from '@nestjs/common';
import { handleCommandsTogether, loadAggregate } from '@billing/event-store';
import { collectionCaseStream } from '@billing/contracts';
import {
  chaseableAmount,
  collectionCaseDecider,
  type CollectionCaseState,
} from '@billing/collections-domain';
import { DomainError, deriveId } from '@billing/kernel';
import { Money } from '@billing/money';
import { ApiContract, type HttpResponse, RequestContext, Roles } from '@billing/platform';
import { accountCases, underInvoice } from '../../../shared/account-cases';
import { CollectionsCommands, schemaVersionOf } from '../../../shared/collections-commands';
import { CollectionsProjections } from '../../../read-models/collections-projections';
import { businessDate, httpCommandContext } from '../../../shared/command-context';
import { IdParams } from '../../../shared/id.params';
import { MakePromiseToPayDto } from './make-promise-to-pay.dto';
import { PromiseToPayView } from './promise-to-pay.view';

@Controller('billing-accounts')
export class MakePromiseToPayHttpController {
  constructor(
    private readonly commands: CollectionsCommands,
    private readonly projections: CollectionsProjections,
  ) {}

  /**
   * The customer promised to pay `amount` by `date` for these invoices: dunning pauses on them
   * until then. Kept as soon as the payments arrive, broken by the scheduler after the date.
   * Every invoice is checked before anything is recorded.
   */
  @ApiContract({
    operationId: 'makePromiseToPay',
    summary: 'Record a promise to pay',
    response: PromiseToPayView,
  })
  @Post(':id/promises-to-pay')
  @Roles('collections-agent', 'billing-manager')
  async make(
    @Param() { id: billingAccountId }: IdParams,
    @Body() dto: MakePromiseToPayDto,
    @Res({ passthrough: true }) res: HttpResponse,
  ): Promise<PromiseToPayView> {
    const { clock } = this.commands.deps;
    const today = businessDate(clock);
    const { cases, currency } = await accountCases(
      this.commands,
      billingAccountId,
      dto.invoices.map((invoice) => invoice.invoiceId),
    );
    if (dto.currency !== undefined && dto.currency !== currency) {
      throw new DomainError('CURRENCY_MISMATCH', `The invoices are in ${currency}`, 'invalid', [
        { field: 'currency', reason: `must be the invoices' currency ${currency}` },
      ]);
    }
    const parts = promisedParts(dto, cases, currency);
    const promiseId = deriveId(RequestContext.idempotencyKey() ?? '', 'promise-to-pay');
    const madeBy = RequestContext.actor()?.id ?? 'unknown';
    const commandOf = (index: number) =>
      ({
        type: 'MakePromiseToPay',
        data: { promiseId, amount: parts[index] as string, date: dto.date, today, madeBy },
      }) as const;
    // Every invoice's case in one all-or-none append: a refusal of one (by its decider, by the
    // store, by a race) records nothing for the others.
    await handleCommandsTogether(
      this.commands.deps.store,
      httpCommandContext(clock, 'promise-to-pay'),
      async () => ({
        appends: await Promise.all(
          cases.map(async ({ invoiceId }, index) => {
            const streamId = collectionCaseStream(invoiceId);
            const { state, streamVersion } = await loadAggregate(
              this.commands.deps.store,
              collectionCaseDecider,
              streamId,
            );
            try {
              const events = collectionCaseDecider.decide(commandOf(index), state);
              const context = httpCommandContext(clock, `promise-to-pay:${invoiceId}`);
              return { streamId, streamVersion, events, context };
            } catch (error) {
              throw underInvoice(error, index, ['amount']);
            }
          }),
        ),
        answer: undefined,
      }),
      { schemaVersionOf },
    );
    await this.projections.settle();
    res.setHeader('Location', `/collections/billing-accounts/${billingAccountId}/status`);
    return {
      promiseId,
      billingAccountId,
      amount: Money.of(dto.amount, currency).amount,
      currency,
      date: dto.date,
      madeOn: today,
      invoices: cases.map((state, index) => ({
        invoiceId: state.invoiceId,
        invoiceNumber: state.invoiceNumber,
        amount: parts[index],
      })),
    };
  }
}

/**
 * Each invoice's part of the promise: as listed, or the amount spread oldest due first (the order
 * payments apply money), so each part can be kept by the payments that will pay that invoice.
 */
function promisedParts(
  dto: MakePromiseToPayDto,
  cases: CollectionCaseState[],
  currency: string,
): string[] {
  const total = amountIn(dto.amount, currency, 'amount');
  const listed = dto.invoices.map((invoice) => invoice.amount);
  if (listed.every((amount) => amount !== undefined)) {
    const parts = listed.map((amount, index) =>
      amountIn(amount as string, currency, `invoices[${index}].amount`),
    );
    if (!Money.sum(parts, currency).equals(total)) {
      throw new DomainError(
        'PROMISE_PARTS_DO_NOT_SUM',
        'The parts do not sum to the amount',
        'invalid',
        [{ field: 'invoices', reason: `amounts must sum to the promised amount ${total.amount}` }],
      );
    }
    return parts.map((part) => part.amount);
  }
  const missing = listed.findIndex((amount) => amount === undefined);
  if (listed.some((amount) => amount !== undefined)) {
    throw new DomainError('PROMISE_PARTS_INCOMPLETE', 'Give every part or none', 'invalid', [
      { field: `invoices[${missing}].amount`, reason: 'is required when another invoice has one' },
    ]);
  }
  const order = cases
    .map((state, index) => ({ state, index }))
    .sort((a, b) => a.state.dueDate.localeCompare(b.state.dueDate) || a.index - b.index);
  const parts: Money[] = cases.map(() => Money.zero(currency));
  let left = total;
  for (const { state, index } of order) {
    const part = Money.min(left, chaseableAmount(state));
    parts[index] = part;
    left = left.subtract(part);
  }
  if (left.isPositive()) {
    const chaseable = Money.sum(cases.map(chaseableAmount), currency);
    throw new DomainError('PROMISE_EXCEEDS_OPEN_AMOUNT', 'More than is owed', 'invalid', [
      {
        field: 'amount',
        reason: `must not exceed the ${chaseable.amount} these invoices still owe`,
      },
    ]);
  }
  const unreached = parts.findIndex((part) => part.isZero());
  if (unreached !== -1) {
    throw new DomainError('PROMISE_DOES_NOT_REACH_INVOICE', 'An invoice gets nothing', 'invalid', [
      {
        field: `invoices[${unreached}].invoiceId`,
        reason:
          'gets nothing of the promised amount (earlier invoices take it); leave it out or promise more',
      },
    ]);
  }
  return parts.map((part) => part.amount);
}

function amountIn(amount: string, currency: string, field: string): Money {
  try {
    return Money.of(amount, currency);
  } catch (error) {
    throw new DomainError('INVALID_AMOUNT', (error as Error).message, 'invalid', [
      { field, reason: (error as Error).message },
    ]);
  }
}
